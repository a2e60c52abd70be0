package org.deskfleet.app.config;

import com.mongodb.client.MongoClient;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.deskfleet.command.RefusalInterceptor;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.deskfleet.command.secret.HmacSecretSealer;
import org.deskfleet.command.configuration.CatalogParameterRules;
import org.deskfleet.command.secret.AesGcmSecretCipher;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.command.secret.SecretSealer;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.deskfleet.wpi.server.tls.PrivateFiles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Axon wiring that is ours rather than the starter's: where tokens live, and how secrets are sealed. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /**
     * Projection positions live in MongoDB beside the projections, in both modes, so a read model and its
     * position move together (and a rebuild of one resets the other).
     */
    @Bean
    TokenStore tokenStore(MongoClient client, DeskfleetProperties properties,
                          @Qualifier("serializer") Serializer serializer, ClusterConfiguration.Node node) {
        var template = DefaultMongoTemplate.builder()
                .mongoDatabase(client, properties.mongo().database())
                .trackingTokensCollectionName("axon_tracking_tokens")
                .build();
        return MongoTokenStore.builder().mongoTemplate(template).serializer(serializer)
                // Several nodes: a batch slowed by load must not lose its claim to another node, which would
                // do the same batch again (harmless, but twice the work when there is least to spare). A
                // killed node's projections move on after this long.
                .claimTimeout(node.several() ? java.time.Duration.ofSeconds(30) : java.time.Duration.ofSeconds(10))
                .build();
    }

    /**
     * A command handler's refusal reaches the caller with its reason, on this node or through Axon Server. Added
     * as the bus is made (a post-processor needs no other bean: the Axon configuration depends on the bus).
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor refusals() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof CommandBus bus) {
                    bus.registerHandlerInterceptor(new RefusalInterceptor());
                }
                return bean;
            }
        };
    }

    /**
     * Phones call often and their aggregates are small: keep loaded ones instead of replaying their events
     * on every contact. Weak references let the JVM reclaim them under memory pressure.
     */
    @Bean
    org.axonframework.common.caching.Cache clientCache(ClusterConfiguration.Node node) {
        // Several nodes: a phone's next contact may reach another node, which would decide on its stale copy
        // (a decision that appends nothing is not caught by the store's sequence check). Loaded each time then.
        return node.several() ? org.axonframework.common.caching.NoCache.INSTANCE
                : new org.axonframework.common.caching.WeakReferenceCache();
    }

    /**
     * A phone's snapshot every 500 events: a phone changed for years (its desired-value log is what a revert to
     * any time needs) loads from its latest snapshot and at most 500 events, not from its first event.
     */
    @Bean
    org.axonframework.eventsourcing.SnapshotTriggerDefinition clientSnapshots(org.axonframework.eventsourcing.Snapshotter snapshotter) {
        return new org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition(snapshotter, 500);
    }

    /**
     * The key that seals secrets is kept outside the event store: from DESKFLEET_SEALING_KEY (base64,
     * e.g. from a vault) or a file created once under the data directory, readable by the owner only.
     */
    @Bean
    SecretSealer secretSealer(DeskfleetProperties properties,
                              @Value("${DESKFLEET_SEALING_KEY:}") String keyFromEnvironment) {
        return new HmacSecretSealer(key(properties, "secret-sealing.key", keyFromEnvironment));
    }

    /**
     * The parameter catalog, one for the whole application: handed to whoever needs it (the rules the aggregates
     * get as a handler argument, the WPI item mapping, mobility), never looked up statically from a decision.
     */
    @Bean
    ParameterCatalog parameterCatalog() {
        return ParameterCatalog.bundled();
    }

    @Bean
    ParameterRules parameterRules(ParameterCatalog catalog) {
        return new CatalogParameterRules(catalog);
    }

    /**
     * Per-client data keys, wrapped by a master key kept like the sealing key; master keys rotated out are given in
     * {@code DESKFLEET_PREVIOUS_MASTER_KEYS} (base64, comma-separated) until every data key is wrapped anew.
     */
    @Bean
    MongoDataKeys dataKeys(DeskfleetProperties properties, MongoTemplate mongo, ClusterConfiguration.Node node,
                           @Value("${DESKFLEET_MASTER_KEY:}") String keyFromEnvironment,
                           @Value("${DESKFLEET_PREVIOUS_MASTER_KEYS:}") String previousKeys) {
        java.util.List<byte[]> previous = java.util.Arrays.stream(previousKeys.split(","))
                .map(String::strip).filter(k -> !k.isEmpty()).map(k -> Base64.getDecoder().decode(k)).toList();
        if (!previous.isEmpty() && node.several()) {
            // Nodes with different master keys would wrap the data keys back and forth, and the keys derived from
            // the master key (shared files, open interactions) would differ between them.
            throw new IllegalStateException("DESKFLEET_PREVIOUS_MASTER_KEYS: rotating the master key is supported on a "
                    + "single node only; start without it");
        }
        return new MongoDataKeys(mongo, key(properties, "master.key", keyFromEnvironment), previous);
    }

    /** Desired secrets: encrypted per client with its data key. */
    @Bean
    SecretCipher secretCipher(MongoDataKeys dataKeys) {
        return new AesGcmSecretCipher(dataKeys);
    }

    /**
     * Once up, every data key not under the current master key is wrapped under it (after a rotation, or stored
     * before key ids), beside the traffic; several nodes may do it at once.
     */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent> rewrapDataKeys(
            MongoDataKeys dataKeys) {
        return event -> {
            Thread t = new Thread(() -> {
                try {
                    MongoDataKeys.Rewrap r = dataKeys.rewrapAll();
                    if (r.rewrapped() > 0 || r.unreadable() > 0) {
                        org.slf4j.LoggerFactory.getLogger(MongoDataKeys.class).info(
                                "data keys wrapped anew under master key {}: {}; not openable with any known key: {}",
                                dataKeys.masterId(), r.rewrapped(), r.unreadable());
                    }
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(MongoDataKeys.class).warn("re-wrapping data keys stopped: {}", e.toString());
                }
            }, "data-key-rewrap");
            t.setDaemon(true);
            t.start();
        };
    }

    static byte[] key(DeskfleetProperties properties, String name, String keyFromEnvironment) {
        if (!keyFromEnvironment.isBlank()) {
            return Base64.getDecoder().decode(keyFromEnvironment.strip());
        }
        Path file = properties.data().resolve("keys").resolve(name);
        // Owner-only from the first byte, in an owner-only folder; a key open to others stops the start.
        PrivateFiles.folder(file.getParent());
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            PrivateFiles.create(file, key);
        }
        return PrivateFiles.read(file);
    }
}
