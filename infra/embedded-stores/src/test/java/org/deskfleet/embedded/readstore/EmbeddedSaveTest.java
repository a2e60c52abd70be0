package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A save lets commands go on once it has taken its cut of the maps, and what it writes is exactly that cut: the
 * commands answered before it, none of those answered while it writes its pages.
 */
class EmbeddedSaveTest {

    @TempDir
    Path dir;

    @Test
    void commandsGoOnWhileASaveWritesItsPagesAndTheSaveHoldsOnlyWhatCameBeforeItsCut() throws Exception {
        Path file = dir.resolve("read.mv.db");
        EmbeddedH2Backend backend = EmbeddedH2Backend.openUntimed(file.toString());
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            insert(backend, channel, "a", 1);
            List<String> duringTheSave = new ArrayList<>();
            backend.save(() -> {
                // on another thread: a command that waited for the whole save would not be answered in time
                CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                    insert(backend, channel, "b", 2);
                    update(backend, channel, "a", 3);
                });
                try {
                    later.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("a command waited for the save to write its pages", e);
                }
                duringTheSave.add("answered");
            });
            assertThat(duringTheSave).containsExactly("answered");
            assertThat(find(backend, channel)).as("the live store").containsExactly(doc("a", 3), doc("b", 2));

            // the file as a crash now would leave it: the save's cut only
            Path crashed = dir.resolve("crashed.mv.db");
            Files.copy(file, crashed);
            EmbeddedH2Backend after = EmbeddedH2Backend.openUntimed(crashed.toString());
            try {
                assertThat(find(after, new EmbeddedChannel())).as("what the save wrote").containsExactly(doc("a", 1));
            } finally {
                after.close();
            }
        } finally {
            backend.close(); // saves the rest
        }
        EmbeddedH2Backend reopened = EmbeddedH2Backend.openUntimed(file.toString());
        try {
            assertThat(find(reopened, new EmbeddedChannel())).as("after the close's save").containsExactly(doc("a", 3), doc("b", 2));
        } finally {
            reopened.close();
        }
    }

    /**
     * Commands no longer wait for a save's pages, so writers faster than the saver would pile unsaved pages up in the
     * heap: a command that leaves more than {@link EmbeddedH2Backend#HOLD_AT_BYTES} unsaved waits for the saver.
     */
    @Test
    void aCommandThatLeavesTooMuchUnsavedWaitsForTheSave() {
        EmbeddedH2Backend backend = EmbeddedH2Backend.openUntimed(dir.resolve("held.mv.db").toString());
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            String large = "x".repeat(1 << 20); // about 2 MiB unsaved each, as H2 counts a document in memory
            long held = EmbeddedH2Backend.HELD.sum();
            int most = 0;
            for (int i = 0; i < 40; i++) {
                Document insert = new Document("insert", "clients").append("$db", "deskfleet")
                        .append("documents", List.of(new Document("_id", "p" + i).append("v", large)));
                backend.handleMessage(new de.bwaldvogel.mongo.wire.message.MongoMessage(channel,
                        new de.bwaldvogel.mongo.wire.message.MessageHeader(i + 1, 0), insert));
                most = Math.max(most, backend.getMvStore().getUnsavedMemory());
            }
            assertThat(EmbeddedH2Backend.HELD.sum() - held).as("commands that waited").isPositive();
            assertThat(most).as("the most left unsaved after a command")
                    .isLessThanOrEqualTo(EmbeddedH2Backend.HOLD_AT_BYTES + (4 << 20));
            assertThat(backend.handleCommand(channel, "deskfleet", "count", new Document("count", "clients")).get("n"))
                    .isEqualTo(40);
        } finally {
            backend.close();
        }
    }

    /** Ids and index keys are written without building a document for each, to the same bytes as the document. */
    /**
     * The chunks' tables of contents are cached in one segment large enough for a chunk of many pages (H2's own cache
     * never keeps a table over 64 KiB, and a large drop read such a table again for each of its pages). Reached through
     * H2's private field: this fails if an H2 upgrade renames it, and the cache must then be looked at again.
     */
    @Test
    void largeChunkTablesOfContentsAreCached() throws Exception {
        org.h2.mvstore.MVStore store = EmbeddedH2Backend.openStore(dir.resolve("toc.mv.db").toString());
        try {
            java.lang.reflect.Field f = org.h2.mvstore.FileStore.class.getDeclaredField("chunksToC");
            f.setAccessible(true);
            var cache = (org.h2.mvstore.cache.CacheLongKeyLIRS<?>) f.get(store.getFileStore());
            assertThat(cache.getMaxMemory()).isEqualTo(EmbeddedH2Backend.CutTellingFileStore.TOC_CACHE_BYTES);
            long[] table = new long[200_000]; // a chunk of 200,000 pages: 1.6 MB of table
            ((org.h2.mvstore.cache.CacheLongKeyLIRS<long[]>) cache).put(7, table, table.length * 8L);
            assertThat(cache.get(7)).isSameAs(table);
        } finally {
            store.close();
        }
    }

    @Test
    void idsAndIndexKeysAreWrittenAsTheDocumentsTheyStandFor() {
        for (Object id : List.of("phone-1", 42, 7L, 2.5, new Document("x", 1), List.of(1, "two"))) {
            assertThat(written(EmbeddedStoreTypes.ID, id)).as("id %s", id).isEqualTo(framed(new Document("v", id)));
            assertThat(EmbeddedStoreTypes.ID.read(ByteBuffer.wrap(written(EmbeddedStoreTypes.ID, id)))).isEqualTo(id);
        }
        assertThat(written(EmbeddedStoreTypes.ID, Missing.getInstance())).isEqualTo(framed(new Document()));

        List<Object> values = new ArrayList<>(List.of("SIP-123", 3, Missing.getInstance(), new Document("n", true)));
        for (int i = 0; i < 300; i++) {
            values.add(i); // past the positions' names kept ready
        }
        KeyValue key = new KeyValue(values);
        Document expected = new Document();
        for (int i = 0; i < values.size(); i++) {
            expected.put(Integer.toString(i), values.get(i) instanceof Missing ? new Document("$missing", true) : values.get(i));
        }
        assertThat(written(EmbeddedStoreTypes.INDEX_KEY, key)).isEqualTo(framed(expected));
        assertThat(EmbeddedStoreTypes.INDEX_KEY.compare(EmbeddedStoreTypes.INDEX_KEY.read(
                ByteBuffer.wrap(written(EmbeddedStoreTypes.INDEX_KEY, key))), key)).isZero();
    }

    private static byte[] written(org.h2.mvstore.type.BasicDataType<Object> type, Object value) {
        WriteBuffer out = new WriteBuffer();
        type.write(out, value);
        ByteBuffer b = out.getBuffer();
        b.flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    /** As the store wrote every id and key before: the document through the library's encoder, its length first. */
    private static byte[] framed(Document d) {
        byte[] bson = EmbeddedStoreTypes.bson(d);
        WriteBuffer out = new WriteBuffer();
        out.putVarInt(bson.length).put(bson);
        ByteBuffer b = out.getBuffer();
        b.flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static void insert(EmbeddedH2Backend backend, EmbeddedChannel channel, String id, int value) {
        Document reply = backend.handleCommand(channel, "deskfleet", "insert",
                new Document("insert", "clients").append("documents", List.of(doc(id, value))));
        assertThat(reply.get("n")).isEqualTo(1);
    }

    private static void update(EmbeddedH2Backend backend, EmbeddedChannel channel, String id, int value) {
        Document reply = backend.handleCommand(channel, "deskfleet", "update", new Document("update", "clients")
                .append("updates", List.of(new Document("q", new Document("_id", id))
                        .append("u", new Document("$set", new Document("v", value))))));
        assertThat(reply.get("nModified")).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static List<Document> find(EmbeddedH2Backend backend, EmbeddedChannel channel) {
        Document reply = backend.handleCommand(channel, "deskfleet", "find",
                new Document("find", "clients").append("sort", new Document("_id", 1)));
        return new ArrayList<>((List<Document>) ((Document) reply.get("cursor")).get("firstBatch"));
    }

    private static Document doc(String id, int value) {
        return new Document("_id", id).append("v", value);
    }
}
