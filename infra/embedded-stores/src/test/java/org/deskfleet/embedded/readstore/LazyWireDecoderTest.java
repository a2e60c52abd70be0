package org.deskfleet.embedded.readstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection's writes of large documents (a phone's 150 items, an audit event's 150 entries) pass through the wire
 * server and into the file without their arrays decoded and encoded again, and go out to readers the same way,
 * exactly as written.
 */
class LazyWireDecoderTest {

    @TempDir
    Path dir;

    @Test
    void largeArraysGoFromTheWireToTheFileAsTheyCame() {
        Path file = dir.resolve(EmbeddedReadStore.FILE);
        List<Document> written = new ArrayList<>();
        long decoded;
        long kept;
        try (EmbeddedReadStore store = EmbeddedReadStore.start(file, 0);
             MongoClient client = client(store)) {
            MongoCollection<Document> phones = client.getDatabase("deskfleet").getCollection("clients");
            MongoCollection<Document> trail = client.getDatabase("deskfleet").getCollection("trail");
            phones.insertOne(new Document("_id", "warm-up")); // the driver's handshake and the collections' creation
            trail.insertOne(new Document("_id", "warm-up"));
            decoded = LazyBsonArray.DECODED.sum();
            kept = EmbeddedStoreTypes.ARRAYS_KEPT.sum();
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(phone(i, 1));
            }
            phones.insertMany(batch); // a sequence of documents
            for (int i = 0; i < 100; i++) {
                // an update statement: the array lies three documents deep ($set in the update in the statement)
                phones.updateOne(Filters.eq("_id", "phone-" + i), Updates.combine(Updates.set("items", items(i, 2)),
                        Updates.set("version", 2)));
                // a replacement, as the audit trail writes its events
                trail.replaceOne(Filters.eq("_id", "event-" + i), new Document("_id", "event-" + i).append("entries", items(i, 3)),
                        new ReplaceOptions().upsert(true));
            }
        }
        assertThat(LazyBsonArray.DECODED.sum() - decoded).as("arrays decoded on the way in").isZero();
        assertThat(EmbeddedStoreTypes.ARRAYS_KEPT.sum() - kept).as("arrays saved as they came").isGreaterThanOrEqualTo(200);

        for (int i = 0; i < 100; i++) {
            written.add(phone(i, 2).append("version", 2));
        }
        try (EmbeddedReadStore store = EmbeddedReadStore.start(file, 0);
             MongoClient client = client(store)) {
            MongoCollection<Document> phones = client.getDatabase("deskfleet").getCollection("clients");
            long decodedBeforeReading = LazyBsonArray.DECODED.sum();
            List<Document> read = phones.find(Filters.ne("_id", "warm-up")).sort(Sorts.ascending("_id")).into(new ArrayList<>());
            // and out again as they were stored: the answer's arrays are not decoded to be encoded again
            assertThat(LazyBsonArray.DECODED.sum() - decodedBeforeReading).as("arrays decoded on the way out").isZero();
            written.sort(java.util.Comparator.comparing(d -> d.getString("_id")));
            assertThat(read).isEqualTo(written);
            Document event = client.getDatabase("deskfleet").getCollection("trail").find(Filters.eq("_id", "event-7")).first();
            assertThat(event).isEqualTo(new Document("_id", "event-7").append("entries", items(7, 3)));
        }
    }

    private static Document phone(int i, int round) {
        return new Document("_id", "phone-" + i).append("deviceType", "OpenStage 60").append("items", items(i, round));
    }

    private static List<Document> items(int i, int round) {
        List<Document> items = new ArrayList<>();
        for (int n = 0; n < 150; n++) {
            items.add(new Document("name", "item-" + n).append("index", n % 3 == 0 ? null : n).append("value", "v" + i + "." + n + "." + round));
        }
        return items;
    }

    private static MongoClient client(EmbeddedReadStore store) {
        return MongoClients.create("mongodb://127.0.0.1:" + store.address().getPort());
    }
}
