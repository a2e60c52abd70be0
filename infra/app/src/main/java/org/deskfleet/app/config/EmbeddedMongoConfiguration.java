package org.deskfleet.app.config;

import org.deskfleet.embedded.readstore.EmbeddedReadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.ConnectionString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default: an in-process server speaking MongoDB's wire protocol, its data in an H2 file
 * under the data directory ({@link EmbeddedReadStore}), so the read model survives restarts. The application talks to it through the
 * ordinary MongoDB driver, exactly as it talks to a real MongoDB, over TLS with a client certificate only it holds
 * ({@link EmbeddedStoreKeys}): other local users can reach the loopback port, not the data.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "deskfleet.mongo.embedded", havingValue = "true", matchIfMissing = true)
public class EmbeddedMongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedReadStore embeddedMongo(DeskfleetProperties properties, EmbeddedStoreKeys keys) {
        Path dir = properties.data().resolve("readmodel");
        try {
            Files.createDirectories(dir);
            // The read model holds the phones' data keys: the owner's only, an older installation's folder included.
            if (Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        EmbeddedReadStore mongo = EmbeddedReadStore.start(EmbeddedReadStore.prepare(dir), properties.mongo().embeddedPort(),
                properties.mongo().embeddedCacheMb(), keys.serverContext());
        log.info("embedded MongoDB-wire server on mongodb://127.0.0.1:{} (TLS, client certificate {}; data in {})",
                mongo.address().getPort(), properties.data().resolve("tls").resolve("readmodel-client.crt"), dir);
        return mongo;
    }

    @Bean
    EmbeddedStoreKeys embeddedStoreKeys(DeskfleetProperties properties) {
        return EmbeddedStoreKeys.loadOrCreate(properties.data());
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnection(EmbeddedReadStore mongo, DeskfleetProperties properties, EmbeddedStoreKeys keys) {
        ConnectionString cs = new ConnectionString("mongodb://127.0.0.1:" + mongo.address().getPort() + "/"
                + properties.mongo().database() + "?tls=true");
        org.springframework.boot.ssl.SslBundle bundle = keys.bundle();
        return new MongoConnectionDetails() {
            @Override
            public ConnectionString getConnectionString() {
                return cs;
            }

            @Override
            public org.springframework.boot.ssl.SslBundle getSslBundle() {
                return bundle;
            }
        };
    }
}
