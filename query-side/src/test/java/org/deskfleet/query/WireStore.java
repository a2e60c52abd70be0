package org.deskfleet.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

/** A MongoDB-wire server in memory, a driver connected to it over the wire, and a template as the server's. */
public record WireStore(MongoServer server, MongoClient client, MongoTemplate mongo) implements AutoCloseable {

    public static WireStore start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        return new WireStore(server, client, TestMongoTemplates.of(client, "test"));
    }

    @Override
    public void close() {
        client.close();
        server.shutdown();
    }
}
