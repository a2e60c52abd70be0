package org.deskfleet.embedded.readstore;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server renames a collection the way a projection rebuild switches over (a shadow renamed over the
 * live collection, dropping it): the renamed collection keeps its documents and its unique index, a new
 * collection with the shadow's name starts empty and shares nothing with it, and all of it survives a restart.
 */
class EmbeddedMongoRenameTest {

    @TempDir
    Path dir;

    @Test
    void aShadowRenamedOverTheLiveCollectionIsTheLiveCollectionFromThenOn() {
        Path file = dir.resolve(EmbeddedStoreFormat.CURRENT);
        try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
             MongoClient client = client(server)) {
            MongoDatabase db = client.getDatabase("deskfleet");
            db.getCollection("clients").insertMany(List.of(doc("a", 1), doc("c", 1)));
            for (int generation = 2; generation <= 4; generation++) {
                // a rebuild: its shadow starts empty, whatever earlier rebuilds left
                MongoCollection<Document> shadow = db.getCollection("clients_rebuild");
                assertThat(shadow.countDocuments()).as("a new shadow, generation %d", generation).isZero();
                shadow.drop();
                assertThat(all(db, "clients")).as("the live collection once the new shadow is dropped").hasSize(2);
                shadow.insertMany(List.of(doc("a", generation), doc("b", generation)));
                assertThat(all(db, "clients")).as("the live collection while the shadow fills")
                        .extracting(d -> d.getString("_id")).containsExactly("a", generation == 2 ? "c" : "b");
                shadow.renameCollection(new MongoNamespace("deskfleet", "clients"), new RenameCollectionOptions().dropTarget(true));

                assertThat(all(db, "clients")).containsExactly(doc("a", generation), doc("b", generation));
                // the unique _id index came along
                int g = generation;
                assertThatThrownBy(() -> db.getCollection("clients").insertOne(doc("a", g))).hasMessageContaining("duplicate key");
                assertThat(db.listCollectionNames().into(new ArrayList<>())).contains("clients").doesNotContain("clients_rebuild");
            }
            // the live collection goes on taking writes
            db.getCollection("clients").insertOne(doc("d", 5));
        }
        try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
             MongoClient client = client(server)) {
            MongoDatabase db = client.getDatabase("deskfleet");
            assertThat(all(db, "clients")).as("after a restart").containsExactly(doc("a", 4), doc("b", 4), doc("d", 5));
            assertThatThrownBy(() -> db.getCollection("clients").insertOne(doc("b", 6))).hasMessageContaining("duplicate key");
            assertThat(db.getCollection("clients_rebuild").countDocuments()).isZero();
        }
    }

    /**
     * A rename with dropTarget drops the live collection, then moves the shadow under its name: a reader between the
     * two found no collection at all (a phone missing from the fleet for a moment at every rebuild's switch). The
     * rename runs alone, so a reader sees the old collection or the new one, never neither.
     */
    @Test
    void readersNeverSeeTheLiveCollectionMissingWhileAShadowTakesItsPlace() throws Exception {
        Path file = dir.resolve(EmbeddedStoreFormat.CURRENT);
        try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
             MongoClient writer = client(server);
             MongoClient reader = client(server)) {
            MongoDatabase db = writer.getDatabase("deskfleet");
            db.getCollection("clients").insertMany(List.of(doc("a", 1), doc("b", 1)));
            java.util.concurrent.atomic.AtomicBoolean renaming = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.CompletableFuture<List<Long>> counts = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                List<Long> wrong = new ArrayList<>();
                MongoCollection<Document> live = reader.getDatabase("deskfleet").getCollection("clients");
                while (renaming.get()) {
                    long n = live.countDocuments();
                    reads.incrementAndGet();
                    if (n != 2) {
                        wrong.add(n);
                    }
                }
                return wrong;
            });
            for (int generation = 2; generation < 300; generation++) {
                MongoCollection<Document> shadow = db.getCollection("clients_rebuild");
                shadow.insertMany(List.of(doc("a", generation), doc("b", generation)));
                shadow.renameCollection(new MongoNamespace("deskfleet", "clients"), new RenameCollectionOptions().dropTarget(true));
            }
            renaming.set(false);
            assertThat(counts.get(1, java.util.concurrent.TimeUnit.MINUTES)).as("counts other than 2 among %d reads", reads.get()).isEmpty();
            assertThat(reads.get()).isGreaterThan(100);
            assertThat(all(db, "clients")).containsExactly(doc("a", 299), doc("b", 299));
        }
    }

    private static MongoClient client(EmbeddedReadStore server) {
        return MongoClients.create("mongodb://127.0.0.1:" + server.address().getPort());
    }

    private static List<Document> all(MongoDatabase db, String collection) {
        return db.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static Document doc(String id, int generation) {
        return new Document("_id", id).append("generation", generation);
    }
}
