package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The embedded default's read store: a server speaking MongoDB's wire protocol on loopback ({@link WireServer}), its
 * data in one H2 file ({@link EmbeddedH2Backend}, documents as BSON: {@link EmbeddedStoreTypes}). The application
 * reaches it through the ordinary MongoDB driver, exactly as it reaches a real MongoDB; how it is secured (the TLS
 * context, the one client certificate let in) is the application's wiring.
 */
public final class EmbeddedReadStore implements AutoCloseable {

    /** The name of the store's file in its directory (the current format). */
    public static final String FILE = EmbeddedStoreFormat.CURRENT;

    /** Pages kept decoded in memory unless told otherwise ({@link EmbeddedH2Backend#CACHE_MB}). */
    public static final int DEFAULT_CACHE_MB = EmbeddedH2Backend.CACHE_MB;

    private final WireServer server;
    private final H2Backend backend;

    private EmbeddedReadStore(WireServer server, H2Backend backend) {
        this.server = server;
        this.backend = backend;
    }

    /**
     * The file to open in {@code dir}: a file of an earlier format is converted first, once, without ever leaving
     * less than one whole file behind ({@link EmbeddedStoreFormat}).
     */
    public static Path prepare(Path dir) {
        return EmbeddedStoreFormat.prepare(dir);
    }

    /** On loopback, its data in {@code file}, on {@code port} (0: any free one), without TLS (tests of the store). */
    public static EmbeddedReadStore start(Path file, int port) {
        return start(file, port, DEFAULT_CACHE_MB, null);
    }

    /**
     * The same with {@code cacheMb} MiB of pages kept decoded, and TLS with {@code tls} (a server context; with
     * client authentication required, only the clients it trusts get in); null: plain TCP.
     */
    public static EmbeddedReadStore start(Path file, int port, int cacheMb, SslContext tls) {
        H2Backend backend = EmbeddedH2Backend.open(file.toString(), cacheMb);
        try {
            return new EmbeddedReadStore(new WireServer(backend, "127.0.0.1", port, tls), backend);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Stops listening and closes every connection, then saves and closes the store. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            backend.close();
        }
    }
}
