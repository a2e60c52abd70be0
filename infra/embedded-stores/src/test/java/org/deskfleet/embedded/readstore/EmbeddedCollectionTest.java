package org.deskfleet.embedded.readstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded read store's own query plans (index walks for pages in id order, counts by rank) answer exactly
 * what the backend's plain scan answers: the same operations go to the embedded server and to mongo-java-server's
 * memory backend (no plans of its own), and every page and count is compared, through writes that move phones
 * between filters, deletions, a restart and a rename.
 */
class EmbeddedCollectionTest {

    private static final List<String> TYPES = List.of("OpenStage 40", "OpenStage 60", "CP400", "CP600");
    private static final List<String> VERSIONS = List.of("V3 R5.14.0", "V3 R5.21.0", "V1 R7.3.0");

    @TempDir
    Path dir;

    @Test
    void pagesAndCountsAreWhatAScanGives() {
        Path file = dir.resolve(EmbeddedStoreFormat.CURRENT);
        MongoServer reference = reference();
        SplittableRandom random = new SplittableRandom(11);
        long kept;
        try (MongoClient ref = client(reference)) {
            MongoCollection<Document> expected = clients(ref.getDatabase("deskfleet"));
            try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
                 MongoClient client = client(server)) {
                MongoCollection<Document> actual = clients(client.getDatabase("deskfleet"));
                for (MongoCollection<Document> c : List.of(expected, actual)) {
                    c.createIndex(Indexes.ascending("deviceType", "_id"), new IndexOptions().name("deviceType_id"));
                    c.createIndex(Indexes.ascending("deviceType", "softwareVersion", "_id"), new IndexOptions().name("dt_sv_id"));
                    c.createIndex(Indexes.ascending("e164", "_id"), new IndexOptions().name("e164_id"));
                }
                long byId = EmbeddedCollection.UPDATED_BY_ID.sum();
                kept = EmbeddedStoreTypes.ARRAYS_KEPT.sum();
                for (int round = 0; round < 6; round++) {
                    for (int op = 0; op < 400; op++) {
                        apply(random, expected, actual);
                    }
                    long planned = EmbeddedCollection.PLANNED.sum();
                    compare(random, expected, actual);
                    // 17 filters with indexes or none, pages and counts each: most of them planned
                    assertThat(EmbeddedCollection.PLANNED.sum() - planned).as("queries answered by a plan").isGreaterThan(40);
                }
                assertThat(EmbeddedCollection.UPDATED_BY_ID.sum() - byId).as("updates by id without the backend's copies")
                        .isGreaterThan(1000);
            }
            // closed, so saved: the large item lists written over the wire reached the file as the bytes they came as
            assertThat(EmbeddedStoreTypes.ARRAYS_KEPT.sum() - kept).as("arrays saved without being decoded and encoded again")
                    .isGreaterThan(100);
            // the indexes are in the file: after a restart they still answer, and follow new writes
            try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
                 MongoClient client = client(server)) {
                MongoDatabase db = client.getDatabase("deskfleet");
                MongoCollection<Document> actual = clients(db);
                compare(random, expected, actual);
                for (int op = 0; op < 300; op++) {
                    apply(random, expected, actual);
                }
                compare(random, expected, actual);

                // a rebuild's switch-over: a shadow with its indexes renamed over the live collection
                MongoCollection<Document> shadow = db.getCollection("clients_rebuild");
                shadow.createIndex(Indexes.ascending("deviceType", "_id"), new IndexOptions().name("deviceType_id"));
                shadow.createIndex(Indexes.ascending("deviceType", "softwareVersion", "_id"), new IndexOptions().name("dt_sv_id"));
                shadow.createIndex(Indexes.ascending("e164", "_id"), new IndexOptions().name("e164_id"));
                shadow.insertMany(expected.find().into(new ArrayList<>()));
                shadow.renameCollection(new com.mongodb.MongoNamespace("deskfleet", "clients"),
                        new com.mongodb.client.model.RenameCollectionOptions().dropTarget(true));
                compare(random, expected, clients(db));
            }
        } finally {
            reference.shutdown();
        }
    }

    /** Large enough (over a kilobyte) for the store to keep the array as BSON until it is read. */
    private static List<Document> manyItems(int seed) {
        List<Document> items = new ArrayList<>();
        items.add(new Document("name", "e164").append("value", "1"));
        for (int n = 0; n < 40; n++) {
            items.add(new Document("name", "item-" + n).append("index", n % 2 == 0 ? null : n).append("value", "v" + (n * seed)));
        }
        return items;
    }

    private static void apply(SplittableRandom random, MongoCollection<Document> expected, MongoCollection<Document> actual) {
        String id = String.format("00:1a:e8:00:%02x:%02x", random.nextInt(4), random.nextInt(256));
        int what = random.nextInt(15);
        List<Object> results = new ArrayList<>();
        for (MongoCollection<Document> c : List.of(expected, actual)) {
            if (what < 5) {
                // a projection's upsert of the identity fields
                results.add(c.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("deviceType", TYPES.get(what % TYPES.size())),
                        Updates.set("softwareVersion", VERSIONS.get(what % VERSIONS.size())),
                        Updates.set("e164", "4930" + (id.hashCode() & 0xff))), new com.mongodb.client.model.UpdateOptions().upsert(true)));
            } else if (what < 8) {
                // a whole-document save
                results.add(c.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("deviceType", TYPES.get(what % TYPES.size()))
                        .append("softwareVersion", VERSIONS.get((what + 1) % VERSIONS.size()))
                        .append("items", manyItems(what)), new ReplaceOptions().upsert(true)));
            } else if (what == 8) {
                results.add(c.deleteOne(Filters.eq("_id", id)).getDeletedCount());
            } else if (what == 9) {
                results.add(c.updateOne(Filters.eq("_id", id), Updates.unset("deviceType")));
            } else if (what == 10) {
                // a replacement without its id, not upserted: changes a phone only if it is there
                results.add(c.replaceOne(Filters.eq("_id", id), new Document("deviceType", TYPES.get(2)).append("e164", "4930" + 7)
                        .append("items", List.of(new Document("name", "a").append("index", 2).append("value", null)))));
            } else if (what == 11) {
                // the client projection's update of a known phone: what changed set, what is gone unset
                results.add(c.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("items",
                        List.of(new Document("name", "b").append("value", "x" + (id.hashCode() & 3)))),
                        Updates.set("softwareVersion", VERSIONS.getLast()), Updates.unset("e164"))));
            } else if (what == 13) {
                // changes inside a large array (kept as BSON by the store until read): a push and an element's field
                results.add(c.updateOne(Filters.eq("_id", id), Updates.combine(Updates.push("items",
                        new Document("name", "pushed").append("value", "p")), Updates.set("softwareVersion", VERSIONS.getFirst()))));
            } else if (what == 14) {
                results.add(c.updateOne(Filters.and(Filters.eq("_id", id), Filters.exists("items.0")),
                        Updates.set("items.0.value", "changed in place")));
            } else {
                // the same values again: nothing modified
                results.add(c.updateOne(Filters.eq("_id", id), Updates.set("softwareVersion", VERSIONS.getLast())));
            }
        }
        assertThat(results.get(1)).as("result of operation %d on %s", what, id).isEqualTo(results.get(0));
    }

    private static void compare(SplittableRandom random, MongoCollection<Document> expected, MongoCollection<Document> actual) {
        List<Bson> filters = new ArrayList<>();
        filters.add(new Document());
        for (String type : TYPES) {
            filters.add(Filters.and(Filters.eq("deviceType", type)));
            for (String version : VERSIONS) {
                filters.add(Filters.and(Filters.eq("deviceType", type), Filters.eq("softwareVersion", version)));
            }
        }
        filters.add(Filters.eq("e164", "4930" + 7));
        filters.add(Filters.eq("softwareVersion", VERSIONS.get(0))); // no index covers it: the scan
        filters.add(Filters.and(Filters.eq("deviceType", TYPES.get(1)), Filters.regex("_id", "^00:1a:e8:00:01")));
        for (Bson filter : filters) {
            assertThat(count(actual, filter)).as("count of %s", filter).isEqualTo(count(expected, filter));
            String after = null;
            for (int page = 0; page < 40; page++) {
                Bson paged = after == null ? filter : Filters.and(filter, Filters.gt("_id", after));
                List<Document> want = expected.find(paged).sort(Sorts.ascending("_id")).limit(17)
                        .projection(Projections.exclude("items")).into(new ArrayList<>());
                List<Document> got = actual.find(paged).sort(Sorts.ascending("_id")).limit(17)
                        .projection(Projections.exclude("items")).into(new ArrayList<>());
                assertThat(got).as("page after %s of %s", after, filter).isEqualTo(want);
                if (want.size() < 17) {
                    break;
                }
                after = want.getLast().getString("_id");
            }
        }
        // the documents themselves, items and field order included
        assertThat(actual.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                .isEqualTo(expected.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        for (Document d : actual.find().sort(Sorts.ascending("_id"))) {
            assertThat(d.keySet().iterator().next()).isEqualTo("_id");
        }
        // a random id bound, present or not
        String bound = String.format("00:1a:e8:00:%02x:%02x", random.nextInt(4), random.nextInt(256));
        assertThat(actual.find(Filters.gt("_id", bound)).sort(Sorts.ascending("_id")).limit(5).into(new ArrayList<>()))
                .isEqualTo(expected.find(Filters.gt("_id", bound)).sort(Sorts.ascending("_id")).limit(5).into(new ArrayList<>()));
    }

    /** The count command, as the client list counts. */
    private static long count(MongoCollection<Document> c, Bson filter) {
        Document answer = DATABASES.get(c.getNamespace().getFullName() + "@" + System.identityHashCode(c))
                .runCommand(new Document("count", c.getNamespace().getCollectionName()).append("query", filter.toBsonDocument()));
        return ((Number) answer.get("n")).longValue();
    }

    /** Each collection's database, for the count command. */
    private static final java.util.Map<String, MongoDatabase> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An index on an array field (the phones a mobile user logged on at) holds one entry per element: a query for one
     * element and its count are planned, and answer what a scan answers, through replacements, {@code $addToSet},
     * {@code $pull}, deletions and a restart.
     */
    @Test
    void anArrayIsIndexedByEachOfItsElements() {
        Path file = dir.resolve(EmbeddedStoreFormat.CURRENT);
        MongoServer reference = reference();
        SplittableRandom random = new SplittableRandom(5);
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            phones.add(String.format("00:1a:e8:00:00:%02x", i));
        }
        try (MongoClient ref = client(reference)) {
            MongoCollection<Document> expected = ref.getDatabase("deskfleet").getCollection("mobile_users");
            for (int restart = 0; restart < 2; restart++) {
                try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
                     MongoClient client = client(server)) {
                    MongoCollection<Document> actual = client.getDatabase("deskfleet").getCollection("mobile_users");
                    for (MongoCollection<Document> c : List.of(expected, actual)) {
                        c.createIndex(Indexes.ascending("devices", "_id"), new IndexOptions().name("devices_id"));
                    }
                    for (int op = 0; op < 600; op++) {
                        String user = "+4989" + random.nextInt(60);
                        String phone = phones.get(random.nextInt(phones.size()));
                        Bson byId = Filters.eq("_id", user);
                        switch (random.nextInt(5)) {
                            case 0, 1 -> {
                                List<String> devices = new ArrayList<>();
                                for (int n = random.nextInt(4); n > 0; n--) {
                                    devices.add(phones.get(random.nextInt(phones.size())));
                                }
                                Document d = new Document("_id", user).append("devices", devices).append("profileData", "p" + op);
                                for (MongoCollection<Document> c : List.of(expected, actual)) {
                                    c.replaceOne(byId, d, new ReplaceOptions().upsert(true));
                                }
                            }
                            case 2 -> List.of(expected, actual).forEach(c -> c.updateOne(byId, Updates.addToSet("devices", phone)));
                            case 3 -> List.of(expected, actual).forEach(c -> c.updateOne(byId, Updates.pull("devices", phone)));
                            default -> List.of(expected, actual).forEach(c -> c.deleteOne(byId));
                        }
                    }
                    long planned = EmbeddedCollection.PLANNED.sum();
                    for (String phone : phones) {
                        Bson at = Filters.eq("devices", phone);
                        List<Object> want = ids(expected.find(at).projection(Projections.exclude("profileData")).sort(Sorts.ascending("_id")));
                        assertThat(ids(actual.find(at).projection(Projections.exclude("profileData")))).as(phone).isEqualTo(want);
                        assertThat(actual.countDocuments(at)).as(phone).isEqualTo(want.size());
                    }
                    assertThat(EmbeddedCollection.PLANNED.sum() - planned).as("finds and counts by element, planned")
                            .isGreaterThanOrEqualTo(2L * phones.size());
                    assertThat(expected.countDocuments(Filters.exists("devices.0"))).as("users at some phone").isGreaterThan(5);
                }
            }
        } finally {
            reference.shutdown();
        }
    }

    /**
     * Indexes declared together over a full collection (a rebuild's shadow before its switch) are filled in one pass
     * over its documents, and answer as a scan does; declaring them again changes nothing and reads nothing.
     */
    @Test
    void indexesDeclaredTogetherAreFilledInOnePass() {
        MongoServer reference = reference();
        try (MongoClient ref = client(reference);
             EmbeddedReadStore server = EmbeddedReadStore.start(dir.resolve(EmbeddedStoreFormat.CURRENT), 0);
             MongoClient client = client(server)) {
            MongoCollection<Document> expected = ref.getDatabase("deskfleet").getCollection("clients_rebuild");
            MongoCollection<Document> actual = client.getDatabase("deskfleet").getCollection("clients_rebuild");
            List<Document> phones = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                phones.add(new Document("_id", String.format("00:1a:e8:00:%02x:%02x", i / 256, i % 256))
                        .append("deviceType", TYPES.get(i % TYPES.size())).append("softwareVersion", VERSIONS.get(i % VERSIONS.size()))
                        .append("e164", "4989" + (i % 50)).append("items", manyItems(i)));
            }
            List<com.mongodb.client.model.IndexModel> indexes = List.of(
                    new com.mongodb.client.model.IndexModel(Indexes.ascending("deviceType", "_id"), new IndexOptions().name("deviceType_id")),
                    new com.mongodb.client.model.IndexModel(Indexes.ascending("deviceType", "softwareVersion", "_id"), new IndexOptions().name("dt_sv_id")),
                    new com.mongodb.client.model.IndexModel(Indexes.ascending("e164", "_id"), new IndexOptions().name("e164_id")));
            for (MongoCollection<Document> c : List.of(expected, actual)) {
                c.insertMany(phones);
            }
            long passes = EmbeddedCollection.FILL_PASSES.sum();
            for (MongoCollection<Document> c : List.of(expected, actual)) {
                c.createIndexes(indexes);
            }
            assertThat(EmbeddedCollection.FILL_PASSES.sum() - passes).as("one pass for the three indexes").isEqualTo(1);
            actual.createIndexes(indexes);
            assertThat(EmbeddedCollection.FILL_PASSES.sum() - passes).as("declared again: nothing read").isEqualTo(1);
            // written after the build: kept up as any write
            Document late = new Document("_id", "00:1a:e8:00:ff:ff").append("deviceType", TYPES.getFirst())
                    .append("softwareVersion", VERSIONS.getFirst()).append("e164", "4989" + 7);
            expected.insertOne(late);
            actual.insertOne(late);
            List<Bson> filters = new ArrayList<>();
            TYPES.forEach(t -> filters.add(Filters.eq("deviceType", t)));
            TYPES.forEach(t -> VERSIONS.forEach(v -> filters.add(Filters.and(Filters.eq("deviceType", t), Filters.eq("softwareVersion", v)))));
            filters.add(Filters.eq("e164", "49897"));
            long planned = EmbeddedCollection.PLANNED.sum();
            for (Bson f : filters) {
                List<Object> want = ids(expected.find(f).projection(Projections.include("_id")).sort(Sorts.ascending("_id")));
                assertThat(ids(actual.find(f).projection(Projections.exclude("items")))).as(f.toString()).isEqualTo(want);
                assertThat(actual.countDocuments(f)).as(f.toString()).isEqualTo(want.size());
            }
            assertThat(EmbeddedCollection.PLANNED.sum() - planned).as("answered by the indexes").isGreaterThanOrEqualTo(2L * filters.size());
            assertThat(actual.listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
                    .contains("deviceType_id", "dt_sv_id", "e164_id");
        } finally {
            reference.shutdown();
        }
    }

    private static List<Object> ids(Iterable<Document> found) {
        List<Object> ids = new ArrayList<>();
        found.forEach(d -> ids.add(d.get("_id")));
        return ids;
    }

    /** A find over more than the driver takes in one reply (48 MB) comes in several, as from MongoDB. */
    @Test
    void aLargeResultComesInRepliesTheDriverAccepts() {
        try (EmbeddedReadStore server = EmbeddedReadStore.start(dir.resolve(EmbeddedStoreFormat.CURRENT), 0);
             MongoClient client = client(server)) {
            MongoCollection<Document> c = client.getDatabase("deskfleet").getCollection("big");
            String megabyte = "x".repeat(1024 * 1024);
            for (int i = 0; i < 60; i++) {
                c.insertOne(new Document("_id", String.format("%03d", i)).append("items", megabyte));
            }
            List<String> ids = new ArrayList<>();
            for (Document d : c.find().sort(Sorts.ascending("_id"))) {
                ids.add(d.getString("_id"));
                assertThat(d.getString("items")).hasSize(megabyte.length());
            }
            assertThat(ids).hasSize(60).isSorted();
            assertThat(c.find().batchSize(7).into(new ArrayList<>())).hasSize(60);
            assertThat(c.find(Filters.gte("_id", "050")).into(new ArrayList<>())).hasSize(10);
        }
    }

    private static MongoCollection<Document> clients(MongoDatabase db) {
        MongoCollection<Document> c = db.getCollection("clients");
        DATABASES.put(c.getNamespace().getFullName() + "@" + System.identityHashCode(c), db);
        return c;
    }

    /** mongo-java-server's memory backend: no plans of its own, what a scan answers. */
    private static MongoServer reference() {
        MongoServer reference = new MongoServer(new MemoryBackend());
        reference.bind("127.0.0.1", 0);
        return reference;
    }

    private static MongoClient client(MongoServer server) {
        return MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    private static MongoClient client(EmbeddedReadStore server) {
        return MongoClients.create("mongodb://127.0.0.1:" + server.address().getPort());
    }
}
