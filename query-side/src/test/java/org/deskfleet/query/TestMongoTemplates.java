package org.deskfleet.query;

import com.mongodb.client.MongoClient;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/** A template outside Spring that resolves the documents' collection names as the server does (by the bean). */
public final class TestMongoTemplates {

    private TestMongoTemplates() {
    }

    public static MongoTemplate of(MongoClient client, String database) {
        StaticApplicationContext context = new StaticApplicationContext();
        context.registerSingleton(ReadModelNames.BEAN, ReadModelNames.class);
        context.refresh();
        return new MongoTemplate(new SimpleMongoClientDatabaseFactory(client, database), ServerMapping.converter(context));
    }
}
