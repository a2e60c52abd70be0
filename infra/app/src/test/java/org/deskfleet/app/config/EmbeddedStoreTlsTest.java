package org.deskfleet.app.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.deskfleet.embedded.readstore.EmbeddedReadStore;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded read store, as the server starts it, lets in only a client presenting the client certificate of the
 * data directory: a plain connection, and TLS without that certificate or with another one, read and change nothing.
 */
class EmbeddedStoreTlsTest {

    @TempDir
    Path data;

    @Test
    void onlyTheClientCertificateOfTheDataDirectoryGetsIn() throws Exception {
        EmbeddedStoreKeys keys = EmbeddedStoreKeys.loadOrCreate(data);
        Path file = data.resolve("readmodel").resolve(EmbeddedReadStore.FILE);
        Files.createDirectories(file.getParent());
        try (EmbeddedReadStore server = EmbeddedReadStore.start(file, 0, EmbeddedReadStore.DEFAULT_CACHE_MB, keys.serverContext())) {
            int port = server.address().getPort();
            try (MongoClient owner = MongoClients.create(keys.clientSettings(port))) {
                owner.getDatabase("deskfleet").getCollection("data_keys").insertOne(new Document("_id", "k").append("v", 1));
                assertThat(owner.getDatabase("deskfleet").getCollection("data_keys").countDocuments()).isEqualTo(1);
            }

            // no TLS at all
            assertRefused(MongoClientSettings.builder().applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port)));
            // TLS, trusting the store, but no client certificate
            EmbeddedStoreKeys noClient = new EmbeddedStoreKeys(keys.server(), ServerCertificate.generate("someone"));
            javax.net.ssl.SSLContext trustOnly = javax.net.ssl.SSLContext.getInstance("TLS");
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("readmodel", keys.server().certificate());
            tmf.init(trust);
            trustOnly.init(null, tmf.getTrustManagers(), null);
            assertRefused(MongoClientSettings.builder().applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                    .applyToSslSettings(s -> s.enabled(true).context(trustOnly)));
            // TLS with a certificate of its own (another user's key pair)
            assertRefused(MongoClientSettings.builder().applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                    .applyToSslSettings(s -> s.enabled(true).context(noClient.clientContext())));

            try (MongoClient owner = MongoClients.create(keys.clientSettings(port))) {
                assertThat(owner.getDatabase("deskfleet").getCollection("data_keys").countDocuments()).as("nothing changed").isEqualTo(1);
            }
        }
        // the keys are the owner's only; the same pair next time
        Path tls = data.resolve("tls");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("readmodel-client.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("readmodel-server.key")))).isEqualTo("rw-------");
        assertThat(EmbeddedStoreKeys.loadOrCreate(data).client().certificate()).isEqualTo(keys.client().certificate());
    }

    private static void assertRefused(MongoClientSettings.Builder settings) {
        try (MongoClient stranger = MongoClients.create(settings
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS)).build())) {
            assertThatThrownBy(() -> stranger.getDatabase("deskfleet").getCollection("data_keys").deleteMany(new Document()))
                    .isInstanceOf(com.mongodb.MongoException.class);
        }
    }
}
