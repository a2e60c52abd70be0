package org.deskfleet.embedded.readstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a projection relies on after {@code kill -9} of the embedded default: the stored state is a prefix of the
 * writes in the order they were acknowledged. A projection writes its documents, then its position; if the file
 * kept a position without the writes before it, the events in between would never be applied again (a pending
 * target kept for good, a phone written twice). The embedded server's storage (an H2 MVStore) saved each map's
 * root one after the other, concurrently with writes, so a save could hold a later write of one collection and not
 * an earlier one of another.
 * <p>
 * A writer process of its own writes, per step, a document ("state") and then the step's number ("position"), on
 * several threads with other collections busy beside them, and halts (as {@code kill -9}: no shutdown hook, no
 * last save) after a random time; the file must then hold every state up to each thread's stored position.
 */
class EmbeddedMongoKillConsistencyTest {

    static final int THREADS = 6;
    static final int ROUNDS = 8;

    @TempDir
    Path dir;

    @Test
    void aKilledServerKeepsNoPositionWithoutTheWritesBeforeIt() throws Exception {
        Path file = dir.resolve(EmbeddedStoreFormat.CURRENT);
        List<String> broken = new ArrayList<>();
        int positions = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Writer.class.getName(), file.toString(), String.valueOf(round), String.valueOf(THREADS),
                    String.valueOf(700 + ThreadLocalRandom.current().nextInt(800)))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("writer-" + round + ".log").toFile()).start();
            assertThat(writer.waitFor()).as("the writer halts itself (see its log)").isEqualTo(Writer.HALTED);
            try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
                 MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.address().getPort())) {
                MongoDatabase db = client.getDatabase("kill");
                for (int t = 0; t < THREADS; t++) {
                    String name = round + "-" + t;
                    Document position = db.getCollection("positions").find(Filters.eq("_id", name)).first();
                    if (position == null) {
                        continue;
                    }
                    positions++;
                    long upTo = position.getLong("step");
                    Set<Long> kept = new HashSet<>();
                    db.getCollection("state_" + t).find(Filters.eq("round", round)).forEach(d -> kept.add(d.getLong("step")));
                    for (long step = 0; step <= upTo; step++) {
                        if (!kept.contains(step)) {
                            broken.add("round " + round + " thread " + t + ": position " + upTo + " kept, step " + step + " lost");
                            break;
                        }
                    }
                }
            }
        }
        assertThat(positions).as("positions kept over all rounds (the test saw writes survive)").isPositive();
        assertThat(broken).isEmpty();
    }

    /** Writes state then position, step after step, until it halts itself. */
    public static final class Writer {

        static final int HALTED = 77;

        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            int round = Integer.parseInt(args[1]);
            int threads = Integer.parseInt(args[2]);
            long haltAfter = Long.parseLong(args[3]);
            EmbeddedReadStore server = EmbeddedReadStore.start(file, 0);
            MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.address().getPort());
            MongoDatabase db = client.getDatabase("kill");
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                all.add(Thread.ofPlatform().daemon().start(() -> {
                    String name = round + "-" + thread;
                    for (long step = 0; ; step++) {
                        db.getCollection("state_" + thread).insertOne(new Document("_id", name + "-" + step)
                                .append("round", round).append("step", step));
                        db.getCollection("positions").replaceOne(Filters.eq("_id", name),
                                new Document("_id", name).append("step", step), upsert);
                    }
                }));
            }
            // other collections busy beside them: more of the store's maps change between two saves
            for (int t = 0; t < 2; t++) {
                all.add(Thread.ofPlatform().daemon().start(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (true) {
                        db.getCollection("other_" + random.nextInt(40)).replaceOne(Filters.eq("_id", random.nextInt(100)),
                                new Document("v", random.nextLong()), upsert);
                    }
                }));
            }
            Thread.sleep(haltAfter);
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
