package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManagerFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.WpiConfiguration;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.query.client.ContactBatcher;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.WpiHttpsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One running server for all end-to-end tests: real TLS listener, real codec, Axon's bus and JPA event
 * store on H2, the Mongo wire protocol to the embedded server, GraphQL over HTTP. Each test uses its own
 * phones (its own seed), so tests do not see each other's data.
 */
@SpringBootTest(classes = DeskfleetApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class EndToEndSupport {

    private static final Path DATA;
    private static WpiHttpsClient wpiClient;

    static {
        try {
            DATA = Files.createTempDirectory("deskfleet-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // A class that needs a server of its own (fleet-wide actions) names its directory in
        // deskfleet.e2e.own-data: a different value is a different context, with stores of its own.
        registry.add("deskfleet.data", () -> "${deskfleet.e2e.own-data:" + DATA + "}");
        registry.add("deskfleet.wpi.port", () -> "0");
        registry.add("deskfleet.wpi.secure-port", () -> "0");
        registry.add("deskfleet.dcmp.port", () -> "0");
        registry.add("deskfleet.dcmp.listen", () -> "true");
        registry.add("deskfleet.wpi.host", () -> "127.0.0.1");
        registry.add("deskfleet.wpi.contact-flush-interval", () -> "200ms");
        // Jobs: phones are contacted again soon, and quickly, so tests of delivery take seconds.
        registry.add("deskfleet.contact-me.gap", () -> "3s");
        registry.add("deskfleet.contact-me.max-per-second", () -> "500");
        registry.add("deskfleet.jobs.recontact", () -> "4s");
        registry.add("deskfleet.jobs.first-backoff", () -> "1s");
        // Spring Boot tests switch metrics export off by default; the Prometheus endpoint is under test here.
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
        // Tests reach phones on this machine only.
        registry.add("deskfleet.contact-me.allowed-networks", () -> "127.0.0.0/8");
    }

    @LocalServerPort
    int httpPort;
    @Autowired
    WpiConfiguration.WpiListener wpi;
    @Autowired
    EventStore eventStore;
    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Autowired
    ContactBatcher contacts;
    @Autowired
    org.axonframework.config.Configuration axon;
    @Autowired
    org.axonframework.config.EventProcessingConfiguration processing;

    GraphQlClient graphql;
    PhoneSimulator simulator;

    @Autowired
    org.springframework.context.ApplicationContext applicationContext;

    @BeforeEach
    void connect() {
        // Until the delivery state is current, phones are told "overload" (they retry): a test that counts the
        // actions of an interaction starts once the server serves phones.
        awaitDeliveryCurrent(applicationContext);
        graphql = new GraphQlClient(httpPort, serverData());
        if (wpiClient == null || wpiClient.config().port() != wpi.port()) {
            wpiClient = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpi.port(), ConnectionMode.KEEP_ALIVE));
        }
        simulator = new PhoneSimulator(wpiClient);
    }

    @AfterAll
    static void closeClient() {
        if (wpiClient != null) {
            wpiClient.close();
            wpiClient = null;
        }
    }

    /** An HTTP and WebSocket client that trusts this server's own certificate, as the CLI does. */
    static java.net.http.HttpClient https() {
        // one client for the shared server (its certificate exists once the server has started), kept-alive connections
        return GraphQlClient.client(0, DATA);
    }

    static Path data() {
        return DATA;
    }

    /** The data directory of the server this test talks to: the shared one unless the class has its own. */
    Path serverData() {
        return DATA;
    }

    WpiHttpsClient wpiClient() {
        return wpiClient;
    }

    /** Every event the store holds, across all aggregates. */
    long totalEvents() {
        var em = entityManagerFactory.createEntityManager();
        try {
            return em.createQuery("select count(e) from DomainEventEntry e", Long.class).getSingleResult();
        } finally {
            em.close();
        }
    }

    /**
     * Every event but what earlier tests' jobs do in the background whatever the current test does (the delivery
     * scheduler retries their unreachable phones, one event per try; targets time out; jobs end). A job created
     * counts: no background work creates one.
     */
    long eventsBesidesDeliveryRetries() {
        var em = entityManagerFactory.createEntityManager();
        try {
            return em.createQuery("select count(e) from DomainEventEntry e where e.type <> :job or e.payloadType = :created", Long.class)
                    .setParameter("job", "Job")
                    .setParameter("created", org.deskfleet.kernel.job.JobCreated.class.getName())
                    .getSingleResult();
        } finally {
            em.close();
        }
    }

    List<Object> eventsOf(String mac) {
        return eventStore.readEvents(DeviceId.parse(mac).value()).asStream()
                .map(m -> (Object) m.getPayload()).toList();
    }

    JsonNode client(String mac) {
        return graphql.data("""
                query($id: ID!) { client(deviceId: $id) { deviceId e164 deviceType softwareType softwareVersion
                  contactMeUri ipAddress registeredAt lastContact inventoryComplete items { name index value status secret } } }
                """, Map.of("id", mac)).get("client");
    }

    /** Waits until every projection has processed everything the event store holds now. */
    void awaitProjectionsCaughtUp() {
        long head = axon.eventStore().createHeadToken().position().orElse(-1);
        // The processors still behind, with their positions, so that a time-out says which one lags.
        await(() -> processing.eventProcessors().values().stream()
                        .filter(p -> p instanceof org.axonframework.eventhandling.StreamingEventProcessor)
                        .map(p -> (org.axonframework.eventhandling.StreamingEventProcessor) p)
                        .filter(p -> p.processingStatus().isEmpty() || !p.processingStatus().values().stream()
                                .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head))
                        .map(p -> p.getName() + "@" + p.processingStatus().values().stream()
                                .map(s -> s.getCurrentPosition().orElse(-1)).toList())
                        .toList(),
                List::isEmpty, "projections to reach position " + head, Duration.ofSeconds(60));
    }

    /** A server a test starts itself serves phones once its delivery state is current (before, they get overload). */
    static void awaitDeliveryCurrent(org.springframework.context.ApplicationContext app) {
        org.deskfleet.delivery.PendingJobsIndex index = app.getBean(org.deskfleet.delivery.PendingJobsIndex.class);
        await(index::ready, r -> r, "delivery state current", Duration.ofSeconds(60));
    }

    /**
     * A port for a server a test starts itself (and may restart on the same port), from below the ephemeral range:
     * a port the kernel handed out for ServerSocket(0) is soon handed to some outgoing connection too, and the
     * server then fails to bind it.
     */
    static int unusedPort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 100; i++) {
            int port = random.nextInt(20_000, 32_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    /** Projections are eventually consistent: wait for a condition, failing with its last state. */
    static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> until, String what) {
        return await(probe, until, what, Duration.ofSeconds(20));
    }

    /**
     * A probe that throws (a read model without the phone yet: null where a node is expected) counts as "not yet";
     * at the deadline its last failure is the cause.
     */
    static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> until, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T last = null;
            RuntimeException failure = null;
            try {
                last = probe.get();
                if (until.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError timedOut = new AssertionError("timed out waiting for " + what + "; last: "
                        + (failure != null ? failure : last));
                if (failure != null) {
                    timedOut.initCause(failure);
                }
                throw timedOut;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
