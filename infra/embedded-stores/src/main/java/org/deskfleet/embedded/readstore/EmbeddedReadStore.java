package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The embedded default's read store: a server speaking MongoDB's wire protocol on loopback, its data in one H2
 * file ({@link EmbeddedH2Backend}, documents as BSON: {@link EmbeddedStoreTypes}). The application reaches it through
 * the ordinary MongoDB driver, exactly as it reaches a real MongoDB; how it is secured (TLS, the one client
 * certificate let in) is the application's wiring, applied before the server listens.
 *
 * @param server  the wire server
 * @param backend its storage
 * @param address where it listens
 */
public record EmbeddedReadStore(MongoServer server, H2Backend backend, InetSocketAddress address) implements AutoCloseable {

    /** The name of the store's file in its directory (the current format). */
    public static final String FILE = EmbeddedStoreFormat.CURRENT;

    /** Pages kept decoded in memory unless told otherwise ({@link EmbeddedH2Backend#CACHE_MB}). */
    public static final int DEFAULT_CACHE_MB = EmbeddedH2Backend.CACHE_MB;

    /**
     * The file to open in {@code dir}: a file of an earlier format is converted first, once, without ever leaving
     * less than one whole file behind ({@link EmbeddedStoreFormat}).
     */
    public static Path prepare(Path dir) {
        return EmbeddedStoreFormat.prepare(dir);
    }

    /** On loopback, its data in {@code file}, on {@code port} (0: any free one), without TLS (tests of the store). */
    public static EmbeddedReadStore start(Path file, int port) {
        return start(file, port, DEFAULT_CACHE_MB, server -> { });
    }

    /**
     * The same with {@code cacheMb} MiB of pages kept decoded; {@code beforeListening} secures the server (TLS, client
     * certificates) before it takes its first connection.
     */
    public static EmbeddedReadStore start(Path file, int port, int cacheMb, Consumer<MongoServer> beforeListening) {
        H2Backend backend = EmbeddedH2Backend.open(file.toString(), cacheMb);
        MongoServer server = new MongoServer(backend);
        beforeListening.accept(server);
        server.bind("127.0.0.1", port);
        return new EmbeddedReadStore(server, backend, server.getLocalAddress());
    }

    @Override
    public void close() {
        server.shutdown();
        backend.close();
    }
}
