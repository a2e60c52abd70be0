package org.deskfleet.query;

import com.mongodb.client.MongoClient;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/** A template outside Spring that resolves the documents' collection names as the server does (by the bean). */
public final class TestMongoTemplates {

    private TestMongoTemplates() {
    }

    public static MongoTemplate of(MongoClient client, String database) {
        StaticApplicationContext context = new StaticApplicationContext();
        context.registerSingleton(ReadModelNames.BEAN, ReadModelNames.class);
        context.refresh();
        // As MongoTemplate's own default converter: the store's simple types (java.time among them).
        MongoCustomConversions conversions = new MongoCustomConversions(java.util.List.of());
        MongoMappingContext mapping = new MongoMappingContext();
        mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, mapping);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return new MongoTemplate(new SimpleMongoClientDatabaseFactory(client, database), converter);
    }
}
