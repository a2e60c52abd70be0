package org.deskfleet.query;

import com.mongodb.client.MongoClient;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/** A template outside Spring that resolves the documents' collection names as the server does (by the bean). */
public final class TestMongoTemplates {

    private TestMongoTemplates() {
    }

    /** A client of the server at {@code port} that tells {@code sent} every command it starts (tests count round trips). */
    public static MongoClient clientSeeing(int port, java.util.function.Consumer<com.mongodb.event.CommandStartedEvent> sent) {
        return com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString("mongodb://127.0.0.1:" + port))
                .addCommandListener(new com.mongodb.event.CommandListener() {
                    @Override
                    public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                        sent.accept(event);
                    }
                }).build());
    }

    public static MongoTemplate of(MongoClient client, String database) {
        StaticApplicationContext context = new StaticApplicationContext();
        context.registerSingleton(ReadModelNames.BEAN, ReadModelNames.class);
        context.refresh();
        return new MongoTemplate(new SimpleMongoClientDatabaseFactory(client, database), ServerMapping.converter(context));
    }
}
