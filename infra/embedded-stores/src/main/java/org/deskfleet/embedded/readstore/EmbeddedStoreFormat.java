package org.deskfleet.embedded.readstore;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The file of the embedded read store, and the one-time conversion of a file written by earlier versions.
 * <p>
 * Earlier versions kept documents with H2's default types (Java serialization); the current file keeps them as
 * BSON ({@link EmbeddedStoreTypes}), under another name so that neither version ever opens the other's file with
 * the wrong types. The store is not all disposable: beside the read model it holds the phones' data keys, the
 * shared keys and certificates of the nodes and the unknown-phones setting, so an earlier file is converted map by
 * map, never dropped. The conversion writes a new file and renames it into place; the earlier file is deleted
 * only after that, so a crash at any point leaves either file whole and the next start carries on.
 */
final class EmbeddedStoreFormat {

    static final String CURRENT = "documents.mv";
    static final String EARLIER = "mongo.mv";
    private static final String CONVERTING = CURRENT + ".converting";
    /** Entries written between two saves of the new file, so a large store is not held in memory whole. */
    private static final int SAVE_EVERY = 20_000;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreFormat.class);

    private EmbeddedStoreFormat() {
    }

    /** The file to open in {@code dir}: the current one, converted from an earlier one first if needed. */
    static Path prepare(Path dir) {
        try {
            Path current = dir.resolve(CURRENT);
            Path earlier = dir.resolve(EARLIER);
            if (Files.exists(current)) {
                // a crash after the rename left the converted file's source behind
                Files.deleteIfExists(earlier);
                return current;
            }
            if (Files.exists(earlier)) {
                Path converting = dir.resolve(CONVERTING);
                Files.deleteIfExists(converting);
                long t0 = System.nanoTime();
                long entries = convert(earlier, converting);
                Files.move(converting, current, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(earlier);
                log.info("embedded read store converted to the current format: {} entries in {} ms", entries,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded read store in " + dir, e);
        }
    }

    /** Copies every map of {@code from} (default types) into a new store at {@code to} (current types). */
    static long convert(Path from, Path to) {
        MVStore source = new MVStore.Builder().fileName(from.toString()).readOnly().open();
        MVStore target = EmbeddedH2Backend.openStore(to.toString());
        long copied = 0;
        try {
            for (String name : source.getMapNames()) {
                MVMap<Object, Object> in = source.openMap(name);
                MVMap<Object, Object> out = EmbeddedH2Backend.openMap(target, name);
                for (Map.Entry<Object, Object> e : in.entrySet()) {
                    out.put(e.getKey(), e.getValue());
                    if (++copied % SAVE_EVERY == 0) {
                        target.commit();
                    }
                }
            }
            target.commit();
        } finally {
            target.close();
            source.close();
        }
        return copied;
    }
}
