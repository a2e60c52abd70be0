package org.deskfleet.embedded.readstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded read store keeps documents as BSON: every kind of value the read side writes comes back the same
 * after a restart, ids and unique indexes work, and a file of the earlier format (H2's default types) is
 * converted once, nothing lost (it holds data keys and node keys too, not only the read model).
 */
class EmbeddedStoreFormatTest {

    @TempDir
    Path dir;

    @Test
    void everyKindOfValueComesBackTheSameAfterARestart() {
        Path file = dir.resolve(EmbeddedStoreFormat.CURRENT);
        List<Document> written = sample();
        try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
             MongoClient client = client(server)) {
            fill(client.getDatabase("deskfleet"), written);
        }
        try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
             MongoClient client = client(server)) {
            check(client.getDatabase("deskfleet"), written);
        }
    }

    @Test
    void aFileOfTheEarlierFormatIsConvertedOnceWithEverythingInIt() throws Exception {
        Path earlier = dir.resolve(EmbeddedStoreFormat.EARLIER);
        List<Document> written = sample();
        H2Backend old = new H2Backend(earlier.toString());
        MongoServer server = new MongoServer(old);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            fill(client.getDatabase("deskfleet"), written);
        } finally {
            server.shutdown();
            old.close();
        }

        Path file = EmbeddedStoreFormat.prepare(dir);
        assertThat(file).isEqualTo(dir.resolve(EmbeddedStoreFormat.CURRENT));
        assertThat(earlier).as("the earlier file, once converted").doesNotExist();
        assertThat(dir.resolve(EmbeddedStoreFormat.CURRENT + ".converting")).doesNotExist();
        try (EmbeddedReadStore current = EmbeddedReadStore.start(file, 0);
             MongoClient client = client(current)) {
            check(client.getDatabase("deskfleet"), written);
        }
        // a second start finds the current file and converts nothing
        assertThat(EmbeddedStoreFormat.prepare(dir)).isEqualTo(file);
        assertThat(Files.size(file)).isPositive();
    }

    private static List<Document> sample() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            docs.add(new Document("_id", String.format("00:1a:e8:%02x:%02x:%02x", i >> 16 & 255, i >> 8 & 255, i & 255))
                    .append("e164", "4930" + (1_000_000 + i))
                    .append("deviceType", i % 2 == 0 ? "OpenStage 40" : "OpenScape Desk Phone CP600")
                    .append("lastSequence", (long) i * 1_000_000_000L)
                    .append("count", i)
                    .append("ratio", i / 7.0)
                    .append("secureMode", i % 3 == 0)
                    .append("registeredAt", new Date(1_700_000_000_000L + i))
                    .append("contactMeUri", i % 5 == 0 ? null : "http://10.0.0." + (i % 250) + ":8085/contact_dls.html")
                    .append("blob", new Binary(new byte[]{1, 2, (byte) i}))
                    .append("items", List.of(new Document("name", "e164").append("index", null).append("value", "4930" + i),
                            new Document("name", "sntp-addr").append("index", 1).append("value", "10.1.1.1"))));
        }
        return docs;
    }

    private static void fill(MongoDatabase db, List<Document> docs) {
        MongoCollection<Document> clients = db.getCollection("clients");
        clients.insertMany(docs);
        clients.createIndex(Indexes.ascending("e164"), new IndexOptions().unique(true).name("e164_unique"));
        clients.updateOne(Filters.eq("_id", docs.get(7).getString("_id")), Updates.set("secureMode", true));
        docs.get(7).put("secureMode", true);
        // ids that are not strings: positions of tokens, a compound id
        db.getCollection("tokens").insertMany(List.of(new Document("_id", new ObjectId("65a000000000000000000001")).append("n", 1),
                new Document("_id", new Document("processor", "p").append("segment", 0)).append("n", 2),
                new Document("_id", 42L).append("n", 3)));
    }

    private static void check(MongoDatabase db, List<Document> written) {
        MongoCollection<Document> clients = db.getCollection("clients");
        assertThat(clients.find().sort(Sorts.ascending("_id")).into(new ArrayList<>())).isEqualTo(written);
        assertThat(clients.countDocuments()).isEqualTo(written.size());
        String some = written.get(123).getString("_id");
        assertThat(clients.find(Filters.in("_id", some, "nobody")).into(new ArrayList<>())).containsExactly(written.get(123));
        assertThat(clients.find(Filters.eq("e164", "4930" + 1_000_123)).first()).isEqualTo(written.get(123));
        assertThatThrownBy(() -> clients.insertOne(new Document("_id", some).append("e164", "x")))
                .hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> clients.insertOne(new Document("_id", "new").append("e164", "4930" + 1_000_005)))
                .as("the unique index on e164 came along").hasMessageContaining("duplicate key");
        MongoCollection<Document> tokens = db.getCollection("tokens");
        assertThat(tokens.find(Filters.eq("_id", new ObjectId("65a000000000000000000001"))).first()).containsEntry("n", 1);
        assertThat(tokens.find(Filters.eq("_id", new Document("processor", "p").append("segment", 0))).first()).containsEntry("n", 2);
        assertThat(tokens.find(Filters.eq("_id", 42L)).first()).containsEntry("n", 3);
        clients.deleteOne(Filters.eq("_id", some));
        assertThat(clients.countDocuments()).isEqualTo(written.size() - 1);
        clients.insertOne(written.get(123));
    }

    private static MongoClient client(EmbeddedReadStore server) {
        return MongoClients.create("mongodb://127.0.0.1:" + server.address().getPort());
    }
}
