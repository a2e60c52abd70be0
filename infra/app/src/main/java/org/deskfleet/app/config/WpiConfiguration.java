package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.wpi.server.interaction.ContactRecorder;
import org.deskfleet.query.client.ContactBatcher;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiLimits;
import org.deskfleet.wpi.server.WpiServerSettings;
import org.deskfleet.wpi.server.dcmp.DcmpPolicy;
import org.deskfleet.wpi.server.interaction.ExpiringInteractionStore;
import org.deskfleet.wpi.server.interaction.InMemoryInteractionStore;
import org.deskfleet.wpi.server.interaction.SharedInteractionStore;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.interaction.InteractionLimits;
import org.deskfleet.wpi.server.netty.WpiServer;
import org.deskfleet.wpi.server.tls.CertificateAuthority;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.deskfleet.wpi.server.tls.TlsPolicy;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.PendingWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;

/** Assembles the WPI adapter (which knows nothing of Spring) and ties its listener to the app lifecycle. */
@Configuration(proxyBeanMethods = false)
public class WpiConfiguration {

    @Bean(destroyMethod = "close")
    ContactBatcher contactRecorder(MongoTemplate mongo, DeskfleetProperties properties) {
        return new ContactBatcher(mongo, properties.wpi().contactFlushInterval().toMillis());
    }

    /** Filled by jobs (later); in memory so DCMP polls never touch a store. */
    @Bean
    InMemoryPendingWork pendingWork() {
        return new InMemoryPendingWork();
    }

    /** One node: in memory. Several: in the shared MongoDB, sealed, so any node carries an interaction on. */
    @Bean
    ExpiringInteractionStore interactionStore(DeskfleetProperties properties, ClusterConfiguration.Node node,
                                              com.mongodb.client.MongoClient mongo,
                                              @org.springframework.beans.factory.annotation.Value("${DESKFLEET_MASTER_KEY:}") String masterKey) {
        if (node.several()) {
            return new SharedInteractionStore(mongo.getDatabase(properties.mongo().database()),
                    ClusterConfiguration.derivedKey(AxonConfiguration.key(properties, "master.key", masterKey), "wpi interactions"),
                    properties.wpi().interactionTtl(), Clock.systemUTC());
        }
        return new InMemoryInteractionStore(properties.wpi().interactionTtl(), Clock.systemUTC());
    }

    @Bean
    InteractionEngine interactionEngine(DeskfleetProperties properties, ExpiringInteractionStore store,
                                        CommandGateway commandGateway, ContactBatcher contacts,
                                        PendingWork pendingWork, org.axonframework.eventsourcing.eventstore.EventStore eventStore,
                                        org.deskfleet.wpi.server.dcmp.AccessModeRecorder accessModes,
                                        @org.springframework.beans.factory.annotation.Value("${deskfleet.dcmp.mode:disabled}") String dcmpMode,
                                        @org.springframework.beans.factory.annotation.Value("${deskfleet.dcmp.url:}") String dcmpUrl,
                                        io.micrometer.core.instrument.MeterRegistry meters) {
        var wpi = properties.wpi();
        WpiCodec codec = new WpiCodec(new WpiLimits(wpi.maxBodyBytes(), WpiLimits.DEFAULT.maxDepth(),
                WpiLimits.DEFAULT.maxItems(), WpiLimits.DEFAULT.maxValueChars()));
        // A bounded queue: when it is full the phone is told overload (and retries) instead of waiting in memory.
        var dispatch = new java.util.concurrent.ThreadPoolExecutor(wpi.dispatchThreads(), wpi.dispatchThreads(),
                0L, java.util.concurrent.TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(wpi.dispatchQueue()), r -> {
            Thread t = new Thread(r, "wpi-dispatch");
            t.setDaemon(true);
            return t;
        }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
        // Unknown phones registered or quarantined as the system setting says at each contact.
        var clientCommands = ObservabilityConfiguration.countingQuarantinedContacts(
                new org.deskfleet.wpi.server.interaction.UnknownPhonesClientCommands(commandGateway, dispatch,
                        new org.deskfleet.command.system.UnknownPhonesSetting(eventStore)), meters);
        return new InteractionEngine(codec, store, clientCommands, (ContactRecorder) contacts::contacted,
                pendingWork, Clock.systemUTC(), new InteractionLimits(wpi.maxInteractions(),
                        wpi.maxInteractionsPerAddress(), wpi.firstReplyDeadline(), wpi.maxInteractionBytes(),
                        wpi.secretsOnlyInSecureMode()),
                new DcmpPolicy(DcmpPolicy.Mode.valueOf(dcmpMode.strip().toUpperCase(java.util.Locale.ROOT)), dcmpUrl),
                accessModes)
                .workingOn(dispatch);
    }

    /** Signs the secure listener's certificate and every phone's client certificate (Secure Mode). */
    @Bean
    CertificateAuthority certificateAuthority(DeskfleetProperties properties, SharedFiles sharedFirst) {
        return CertificateAuthority.loadOrCreate(properties.data().resolve("tls"));
    }

    @Bean
    WpiListener wpiListener(DeskfleetProperties properties, InteractionEngine engine, ExpiringInteractionStore store,
                            CertificateAuthority ca) {
        return new WpiListener(properties, engine, store, ca);
    }

    /** Starts after everything else (Axon's processors included) and stops first, so no phone hits a half-up server. */
    public static final class WpiListener extends ListenerLifecycle {

        private final DeskfleetProperties properties;
        private final InteractionEngine engine;
        private final ExpiringInteractionStore store;
        private final CertificateAuthority ca;
        private volatile WpiServer server;
        private volatile WpiServer secureServer;

        WpiListener(DeskfleetProperties properties, InteractionEngine engine, ExpiringInteractionStore store,
                    CertificateAuthority ca) {
            this.ca = ca;
            this.properties = properties;
            this.engine = engine;
            this.store = store;
        }

        @Override
        protected void open() {
            var wpi = properties.wpi();
            var settings = new WpiServerSettings(wpi.host(), wpi.port(), wpi.path(), properties.data().resolve("tls"),
                    wpi.maxInteractions(), wpi.maxBodyBytes(), wpi.idleTimeout(), wpi.interactionTtl(),
                    TlsPolicy.minimum(wpi.tlsMinimumVersion(), wpi.tlsCipherSuites(), wpi.tlsTripleDes()));
            ServerCertificate certificate = ServerCertificate.loadOrCreate(settings.tlsDirectory(), "deskfleet");
            // One cap for both listeners: the same phones and the same attackers reach either.
            var connections = new org.deskfleet.wpi.server.netty.ConnectionLimiter(wpi.maxConnections(),
                    wpi.maxConnectionsPerAddress());
            server = new WpiServer(settings, engine, certificate).limits(connections, wpi.requestDeadline()).start();
            var secureSettings = new WpiServerSettings(wpi.host(), wpi.securePort(), wpi.path(), settings.tlsDirectory(),
                    wpi.maxInteractions(), wpi.maxBodyBytes(), wpi.idleTimeout(), wpi.interactionTtl(), TlsPolicy.MODERN);
            ServerCertificate secureCertificate = ServerCertificate.loadOrCreate(settings.tlsDirectory(), "wpi-secure",
                    () -> ca.issueServer("deskfleet"));
            secureServer = new WpiServer(secureSettings, engine, secureCertificate, ca.certificate())
                    .limits(connections, wpi.requestDeadline()).start();
            every(java.time.Duration.ofSeconds(30), "wpi-interaction-expiry", () -> store.expire(engine::expired));
            // Interactions whose phone never answered (invented MACs) are dropped well before the lifetime.
            every(java.time.Duration.ofSeconds(2), "wpi-first-reply-expiry", engine::expireUnanswered);
            // Several nodes: interactions this node opened that ended on another give their slot back.
            every(java.time.Duration.ofSeconds(2), "wpi-ended-elsewhere", engine::releaseEndedElsewhere);
        }

        @Override
        protected void shut() {
            server.close();
            secureServer.close();
        }

        public int port() {
            return server.port();
        }

        public int securePort() {
            return secureServer.port();
        }
    }
}
