package org.deskfleet.tools.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.api.admin.ProjectionMaintenance;
import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.FindClientsByIds;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import org.deskfleet.kernel.mobility.MobileUserLoggedOn;
import org.deskfleet.kernel.mobility.MobileUserRegistered;
import org.deskfleet.query.mobility.MobileUserDocument;
import org.deskfleet.query.mobility.MobileUserIndexes;
import org.springframework.data.mongodb.core.MongoTemplate;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Read-side benchmark on the embedded stack (docs/read-side.md), in-process. Prints figures; asserts nothing.
 * <ol>
 *   <li>a registration storm through the command bus (phones with their full item list): how long until each
 *       registered phone is visible to a query (sampled), p50 / p99;</li>
 *   <li>a fleet seeded straight into the event store (real events of real aggregates, written in batches): count
 *       and a filtered page of 50 over GraphQL, p95;</li>
 *   <li>rebuild rate of the client and history projections (or of those named, or of every one), and what reading and
 *       decoding the events alone costs;</li>
 *   <li>one phone with many configuration changes: one parameter's history p99; with {@code --mobile-users}, again
 *   among that many mobile users logged on at the fleet's phones, with and without the index that finds a phone's
 *   mobile users;</li>
 *   <li>heap and RSS per phone, and the largest event in the store.</li>
 * </ol>
 * {@code deskfleet bench-read-side [--storm N] [--clients N] [--items N] [--history-changes N] [--queries Q] [--data DIR [--reuse]]}
 */
public final class ReadSideBench {

    static final String USAGE = """
            usage: deskfleet bench-read-side [options]   (in-process, embedded stores; prints figures)
              --storm N            phones registered through the command bus, visibility lag sampled (default 2000)
              --concurrency C      registrations in flight during the storm (default 32)
              --clients N          fleet size for count / page queries, seeded into the event store (default 20000)
              --items N            items each seeded phone reports (default 150)
              --history-changes N  configuration changes of the one phone whose history is queried (default 20000)
              --queries Q          queries per measured figure (default 300)
              --mobile-users N     mobile users registered and logged on at phones of the fleet, then the history
                                   figure again, with and without the index on their phones (default 0: not measured)
              --data DIR           data directory (default: a new temporary one)
              --reuse              the fleet of an earlier run in --data (same --clients): no storm, seeding or
                                   history phone, only the queries (and the rebuilds)
              --no-rebuilds        leave out the projection rebuilds at the end (and the read floor before them)
              --rebuild-rounds N   rebuild each projection N times (default 1): the first after a start also pays
                                   for compiling the rebuild's code, the later ones are a server's warm figure
              --rebuild LIST       the projections rebuilt, by name, comma-separated, or "all": every projection
                                   the server can rebuild (default client-projection,history-projection)
              --help               this text
            """;

    private static final List<String> TYPES = List.of("OpenStage 40", "OpenStage 60", "OpenStage 80",
            "OpenScape Desk Phone CP400", "OpenScape Desk Phone CP600");
    private static final List<String> VERSIONS = List.of("V3 R5.14.0", "V3 R5.21.0", "V3 R4.40.0", "V1 R7.3.0");
    private static final String PARAMETER = "general.date-time.sntp-server-address";

    private ReadSideBench() {
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("deskfleet bench-read-side: " + e.getMessage());
            System.err.print(USAGE);
            return 1;
        }
        if (o == null) {
            out.print(USAGE);
            return 0;
        }
        Path data = o.data != null ? o.data : BenchData.temporary("deskfleet-bench-read-side");
        out.printf("deskfleet read-side benchmark: storm %,d phones (c%d), fleet %,d phones x %d items, history %,d changes, data in %s%n",
                o.storm, o.concurrency, o.clients, o.items, o.historyChanges, data);
        out.printf("machine: %d cores; max heap %,d MiB (other processes on the same cores count in every figure)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class)
                .run("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                        "--deskfleet.dcmp.port=0", "--logging.level.root=WARN")) {
            ProjectionMaintenance projections = app.getBean(ProjectionMaintenance.class);
            List<String> rebuilt;
            try {
                rebuilt = o.rebuilt(projections.projections());
            } catch (IllegalArgumentException e) {
                System.err.println("deskfleet bench-read-side: " + e.getMessage());
                return 1;
            }
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = org.deskfleet.tools.cli.ServerTrust.httpClient(
                    org.deskfleet.app.config.HttpsConfiguration.certificateFile(data));
            api = URI.create("https://127.0.0.1:" + port + "/graphql");
            if (o.reuse) {
                awaitCount(http, port, o.clients, out);
                // an earlier run stopped while processors caught up: the queries are measured on an idle read side
                awaitProcessors(app, out);
                queries(http, port, o, out);
            } else {
                seedAndMeasure(app, http, port, o, out);
            }
            largestEvent(app, out);

            if (o.rebuilds) {
                awaitProcessors(app, out);
                readFloor(app, out);
            }
            for (int round = 1; round <= (o.rebuilds ? o.rebuildRounds : 0); round++) {
                for (String p : rebuilt) {
                    awaitProcessors(app, out);
                    long cpu0 = processCpuNanos();
                    var r = projections.rebuild(p).join();
                    double cpu = (processCpuNanos() - cpu0) / 1e9;
                    String label = p + (o.rebuildRounds > 1 ? " (round " + round + ")" : "");
                    if (r.events() == 0) {
                        // a projection with nothing of its own in the store still reads it all: no rate to give
                        out.printf("rebuild %s: none of its events in the store, read through in %.1f s; process CPU %.1f s%n",
                                label, r.millis() / 1000.0, cpu);
                    } else {
                        out.printf("rebuild %s: %,d events in %.1f s (%,.0f events/s); process CPU %.1f s (%.0f us/event)%n", label,
                                r.events(), r.millis() / 1000.0, r.events() / Math.max(0.001, r.millis() / 1000.0), cpu,
                                cpu * 1e6 / r.events());
                    }
                }
            }
        }
        return 0;
    }

    /** A fleet of its own: the storm, the seeded phones, memory per phone, the queries and the history phone. */
    private static void seedAndMeasure(ConfigurableApplicationContext app, HttpClient http, int port, Options o,
                                       PrintStream out) throws Exception {
        long heap0 = usedHeapAfterGc();
        long rss0 = rssBytes();
        storm(app, o, out);
        seed(app, o, out);
        awaitCount(http, port, o.storm + o.clients, out);
        long heap1 = usedHeapAfterGc();
        long rss1 = rssBytes();
        int phones = o.storm + o.clients;
        out.printf("memory: heap %+,d bytes/phone, RSS %+,d bytes/phone (%,d phones; heap %,d MiB, RSS %,d MiB)%n",
                (heap1 - heap0) / phones, (rss1 - rss0) / phones, phones, heap1 >> 20, rss1 >> 20);

        // The queries are measured on a read side at rest: the reports and policies that follow the fleet (firmware,
        // drift, configuration policy) may still be catching up with the seeding, and would share the cores.
        awaitProcessors(app, out);
        queries(http, port, o, out);
        history(app, http, port, o, out);
        mobileUsers(app, http, port, o, out);
    }

    /** Registrations through the command bus while a sampler asks the read side for the phones done so far. */
    private static void storm(ConfigurableApplicationContext app, Options o, PrintStream out) throws Exception {
        if (o.storm <= 0) {
            return;
        }
        CommandGateway commands = app.getBean(CommandGateway.class);
        QueryGateway queries = app.getBean(QueryGateway.class);
        Map<String, Long> waiting = new ConcurrentHashMap<>();
        List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean registering = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().name("bench-visibility").start(() -> {
            while (registering.get() || !waiting.isEmpty()) {
                List<String> ids = List.copyOf(waiting.keySet());
                if (!ids.isEmpty()) {
                    ClientPage page = queries.query(new FindClientsByIds(ids), ResponseTypes.instanceOf(ClientPage.class)).join();
                    long now = System.nanoTime();
                    page.nodes().forEach(n -> {
                        Long done = waiting.remove(n.deviceId());
                        if (done != null) {
                            lags.add(now - done);
                        }
                    });
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Semaphore inFlight = new Semaphore(o.concurrency);
        List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        for (int i = 0; i < o.storm; i++) {
            String mac = mac(0xA0_0000 + i);
            inFlight.acquire();
            List<ReportedItem> items = new ArrayList<>();
            identity(i).forEach((k, v) -> items.add(ReportedItem.of(k, v)));
            for (int n = 0; n < o.items; n++) {
                items.add(ReportedItem.of("bench-item-" + n, "value " + (n * 31 + i) % 97));
            }
            boolean sampled = i % 5 == 0;
            CompletableFuture<?> f = commands.send(new RegisterClient(mac, ContactReason.START_UP, items, "127.0.0.1", false,
                    Instant.now()));
            f.whenComplete((r, e) -> {
                if (e == null && sampled) {
                    waiting.put(mac, System.nanoTime());
                }
                inFlight.release();
            });
            pending.add(f);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        registering.set(false);
        sampler.join(600_000);
        out.printf("storm: %,d registrations in %.1f s (%,.0f/s); visible after registration (%,d sampled): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                o.storm, seconds, o.storm / seconds, lags.size(), pct(lags, 50), pct(lags, 99), pct(lags, 100));
    }

    /** The fleet, written as the aggregates' own events (sequence 0 and 1), in batches straight into the store. */
    private static void seed(ConfigurableApplicationContext app, Options o, PrintStream out) {
        long t0 = System.nanoTime();
        List<EventMessage<?>> batch = new ArrayList<>();
        Instant at = Instant.now();
        for (int i = 0; i < o.clients; i++) {
            String mac = mac(i);
            Map<String, String> id = identity(i);
            batch.add(new GenericDomainEventMessage<>("Client", mac, 0, new ClientRegistered(mac,
                    new ClientIdentity(id.get("e164"), id.get("device-type"), id.get("software-type"), id.get("software-version"),
                            null, "10.0." + (i >> 8 & 0xff) + "." + (i & 0xff)), ContactReason.START_UP, ChangeSource.PHONE, at)));
            List<ItemChange> changes = new ArrayList<>();
            for (int n = 0; n < o.items; n++) {
                changes.add(new ItemChange("bench-item-" + n, null, null, "value " + (n * 31 + i) % 97, null, false));
            }
            batch.add(new GenericDomainEventMessage<>("Client", mac, 1, new ClientItemsReported(mac, changes, true,
                    ContactReason.START_UP, ChangeSource.PHONE, at)));
            if (batch.size() >= 200) {
                append(app, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            append(app, batch);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("seeded %,d phones (%,d events) into the event store in %.1f s%n", o.clients, 2L * o.clients, seconds);
    }

    /** As the aggregates write them: one transaction per batch (the JPA store needs one). */
    private static void append(ConfigurableApplicationContext app, List<EventMessage<?>> batch) {
        EventStore store = app.getBean(EventStore.class);
        app.getBean(TransactionManager.class).executeInTransaction(() -> store.publish(batch));
    }

    private static void awaitCount(HttpClient http, int port, int expected, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + 3_600_000_000_000L;
        while (System.nanoTime() < deadline) {
            String r = graphql(http, port, "{ clients(first: 0) { totalCount } }");
            long count = Long.parseLong(r.replaceAll("(?s).*\"totalCount\":(\\d+).*", "$1"));
            if (count >= expected) {
                out.printf("all %,d phones visible %.1f s after the seeding ended%n", expected, (System.nanoTime() - t0) / 1e9);
                return;
            }
            Thread.sleep(200);
        }
    }

    private static void queries(HttpClient http, int port, Options o, PrintStream out) throws Exception {
        // Warm-up, not counted: the first queries of a fresh process run interpreted code (the JIT compiles the
        // request path after a few thousand calls), which is a start-up cost, not what an operator waits for.
        long w0 = System.nanoTime();
        queries(http, port, o, Math.max(200, o.queries), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 7);
        out.printf("warm-up: %,d queries of each kind in %.1f s (not counted)%n", Math.max(200, o.queries),
                (System.nanoTime() - w0) / 1e9);
        List<Long> count = new ArrayList<>();
        List<Long> page = new ArrayList<>();
        List<Long> filteredCount = new ArrayList<>();
        queries(http, port, o, o.queries, count, filteredCount, page, 11);
        int phones = o.storm + o.clients;
        out.printf("count of %,d phones (GraphQL over HTTP): p50 %.1f ms, p95 %.1f ms%n", phones, pct(count, 50), pct(count, 95));
        out.printf("filtered count (device type + version): p50 %.1f ms, p95 %.1f ms%n", pct(filteredCount, 50), pct(filteredCount, 95));
        out.printf("filtered page of 50 with its count: p50 %.1f ms, p95 %.1f ms (%d queries each)%n", pct(page, 50), pct(page, 95), o.queries);
    }

    private static void queries(HttpClient http, int port, Options o, int n, List<Long> count, List<Long> filteredCount,
                                List<Long> page, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        for (int q = 0; q < n; q++) {
            long c0 = System.nanoTime();
            graphql(http, port, "{ clients(first: 0) { totalCount } }");
            count.add(System.nanoTime() - c0);
            String filter = "{deviceType: \\\"" + TYPES.get(random.nextInt(TYPES.size())) + "\\\", softwareVersion: \\\""
                    + VERSIONS.get(random.nextInt(VERSIONS.size())) + "\\\"}";
            long f0 = System.nanoTime();
            graphql(http, port, "{ clients(filter: " + filter + ", first: 0) { totalCount } }");
            filteredCount.add(System.nanoTime() - f0);
            long p0 = System.nanoTime();
            graphql(http, port, "{ clients(filter: " + filter + ", first: 50, after: \\\"" + cursor(mac(random.nextInt(Math.max(1, o.clients))))
                    + "\\\") { totalCount nodes { deviceId e164 deviceType softwareVersion lastContact } pageInfo { endCursor hasNextPage } } }");
            page.add(System.nanoTime() - p0);
        }
    }

    /**
     * Mobile users logged on at phones of the fleet (each at one, one of them at the history phone), then the history
     * phone's figure again: a phone's history asks which mobile users logged on at it. Measured with the index on
     * their phones ({@code devices}), then with it dropped (a scan of every mobile user: the build before it), and the
     * index declared again.
     */
    private static void mobileUsers(ConfigurableApplicationContext app, HttpClient http, int port, Options o, PrintStream out)
            throws Exception {
        if (o.mobileUsers <= 0 || o.historyChanges <= 0) {
            return;
        }
        String historyPhone = mac(0xB0_0000);
        Instant at = Instant.now().minusSeconds(3600);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<EventMessage<?>> batch = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int n = 0; n < o.mobileUsers; n++) {
            String e164 = String.format("+4989%07d", n);
            String phone = n == 0 ? historyPhone : mac(random.nextInt(Math.max(1, o.clients)));
            batch.add(new GenericDomainEventMessage<>("MobileUser", e164, 0, new MobileUserRegistered(e164, "user " + n, null,
                    "bench", null, at)));
            batch.add(new GenericDomainEventMessage<>("MobileUser", e164, 1, new MobileUserLoggedOn(e164, phone,
                    ChangeSource.ADMIN, "bench", null, at.plusSeconds(1))));
            if (batch.size() >= 1000) {
                append(app, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            append(app, batch);
        }
        awaitProcessors(app, out);
        out.printf("mobile users: %,d registered and logged on, projected %.1f s after the first was written%n", o.mobileUsers,
                (System.nanoTime() - t0) / 1e9);
        String query = historyQuery(historyPhone);
        MongoTemplate mongo = app.getBean(MongoTemplate.class);
        String users = MobileUserDocument.COLLECTION;
        for (boolean indexed : List.of(true, false)) {
            if (!indexed) {
                mongo.indexOps(users).dropIndex(MobileUserIndexes.BY_DEVICE);
            }
            for (int q = 0; q < Math.max(200, o.queries); q++) {
                graphql(http, port, query); // warm-up, not counted
            }
            List<Long> times = new ArrayList<>();
            for (int q = 0; q < o.queries; q++) {
                long h0 = System.nanoTime();
                graphql(http, port, query);
                times.add(System.nanoTime() - h0);
            }
            out.printf("one parameter's history (page of 20), %,d mobile users, %s: p50 %.1f ms, p99 %.1f ms%n", o.mobileUsers,
                    indexed ? "their phones indexed" : "no index (every mobile user read)", pct(times, 50), pct(times, 99));
        }
        app.getBean(MobileUserIndexes.class).ensure();
    }

    /** The measured history query: one parameter's history of the phone, newest first, a page of 20. */
    private static String historyQuery(String mac) {
        return "{ client(deviceId: \\\"" + mac + "\\\") { parameterHistory(parameter: \\\"" + PARAMETER
                + "\\\", first: 20) { at newValue } } }";
    }

    /** One phone changed many times; its history of one parameter, newest first, a page of 20. */
    private static void history(ConfigurableApplicationContext app, HttpClient http, int port, Options o, PrintStream out)
            throws Exception {
        if (o.historyChanges <= 0) {
            return;
        }
        String mac = mac(0xB0_0000);
        Instant at = Instant.now().minusSeconds(o.historyChanges);
        List<EventMessage<?>> batch = new ArrayList<>();
        batch.add(new GenericDomainEventMessage<>("Client", mac, 0, new ClientRegistered(mac,
                new ClientIdentity("4989000", TYPES.get(1), "Siemens SIP", VERSIONS.get(0), null, "10.9.9.9"),
                ContactReason.START_UP, ChangeSource.PHONE, at)));
        String[] params = {PARAMETER, "general.date-time.sntp-backup-server-address", "telephony.sip-settings.transport-protocol"};
        long t0 = System.nanoTime();
        for (int n = 0; n < o.historyChanges; n++) {
            String p = params[n % params.length];
            batch.add(new GenericDomainEventMessage<>("Client", mac, n + 1L, new ClientConfigurationChanged(mac,
                    List.of(new ParameterChange(p, null, n < 3 ? null : "v" + (n - 3), "v" + n, false)), ChangeSource.ADMIN,
                    "bench", "change " + n, null, at.plusSeconds(n))));
            if (batch.size() >= 500) {
                append(app, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            append(app, batch);
        }
        String query = historyQuery(mac);
        long deadline = System.nanoTime() + 1_800_000_000_000L;
        String last = "v" + (o.historyChanges - 1 - (o.historyChanges - 1) % params.length);
        while (System.nanoTime() < deadline && !graphql(http, port, query).contains("\"" + last + "\"")) {
            Thread.sleep(500);
        }
        out.printf("history: %,d changes of one phone projected %.1f s after they were written%n", o.historyChanges,
                (System.nanoTime() - t0) / 1e9);
        awaitProcessors(app, out);
        for (int q = 0; q < Math.max(200, o.queries); q++) {
            graphql(http, port, query); // warm-up, not counted (see queries)
        }
        List<Long> times = new ArrayList<>();
        for (int q = 0; q < o.queries; q++) {
            long h0 = System.nanoTime();
            graphql(http, port, query);
            times.add(System.nanoTime() - h0);
        }
        out.printf("one parameter's history (page of 20) of a phone with %,d changes: p50 %.1f ms, p99 %.1f ms%n",
                o.historyChanges, pct(times, 50), pct(times, 99));
    }

    /**
     * Until every event processor has reached the head of the store: processors still catching up with what the
     * benchmark wrote (the fleet policy, the firmware report) would otherwise share the cores with a rebuild.
     */
    private static void awaitProcessors(ConfigurableApplicationContext app, PrintStream out) throws InterruptedException {
        var processing = app.getBean(org.axonframework.config.EventProcessingConfiguration.class);
        var store = app.getBean(EventStore.class);
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 1_800_000_000_000L) {
            var headToken = store.createHeadToken();
            long head = headToken == null ? -1 : headToken.position().orElse(-1);
            boolean behind = false;
            for (var processor : processing.eventProcessors().values()) {
                if (processor instanceof org.axonframework.eventhandling.StreamingEventProcessor s && s.isRunning()) {
                    behind |= s.processingStatus().values().stream()
                            .anyMatch(st -> st.getError() == null && st.getCurrentPosition().orElse(-1) < head);
                }
            }
            if (!behind) {
                break;
            }
            Thread.sleep(200);
        }
        out.printf("every processor at the head of the store (waited %.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * What no rebuild can beat: every event read from the store and its payload decoded, by one thread, nothing
     * handled or written. A rebuild does this much (its coordinator reads, its worker decodes) and then its
     * projection's own work; the figure says how much of the machine is left for that work.
     */
    private static void readFloor(ConfigurableApplicationContext app, PrintStream out) {
        var engine = app.getBean(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long events;
        try (var stream = engine.readEvents(null, false)) {
            long[] count = new long[1];
            stream.forEach(e -> {
                if (e.getPayload() != null) {
                    count[0]++;
                }
            });
            events = count[0];
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        out.printf("reading and decoding every event, nothing handled or written (one thread): %,d events in %.1f s "
                        + "(%,.0f events/s); process CPU %.1f s (%.0f us/event)%n",
                events, secs, events / Math.max(0.001, secs), cpu, cpu * 1e6 / Math.max(1, events));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static void largestEvent(ConfigurableApplicationContext app, PrintStream out) {
        try {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            Map<String, Object> row = jdbc.queryForMap(
                    "select payload_type, octet_length(payload) as size from domain_event_entry order by octet_length(payload) desc limit 1");
            out.printf("largest event in the store: %,d bytes (%s)%n", ((Number) row.get("size")).longValue(), row.get("payload_type"));
        } catch (RuntimeException e) {
            out.println("largest event: not measured (" + e.getMessage() + ")");
        }
    }

    private static Map<String, String> identity(int i) {
        return Map.of("device-type", TYPES.get(i % TYPES.size()), "software-type", "Siemens SIP",
                "software-version", VERSIONS.get(i / TYPES.size() % VERSIONS.size()), "e164", "4930" + (1_000_000 + i));
    }

    private static URI api;
    private static String token;
    private static long tokenAt;

    /** Signed in like any API client; a session token lives 15 minutes and a long run outlives it. */
    private static synchronized String token(HttpClient http) {
        if (token == null || System.nanoTime() - tokenAt > 600_000_000_000L) {
            token = AuthBench.adminToken(http, api);
            tokenAt = System.nanoTime();
        }
        return token;
    }

    private static String graphql(HttpClient http, int port, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(http))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
            throw new IllegalStateException("GraphQL failed: " + r.body());
        }
        return r.body();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception ignored) {
            // not Linux: RSS is not measured
        }
        return 0;
    }

    private static double pct(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1))) / 1e6;
    }

    /** The API's cursor: base64 of the device id the page starts after. */
    private static String cursor(String deviceId) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(deviceId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String mac(int n) {
        return String.format("02:bf:%02x:%02x:%02x:%02x", (n >> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    }

    /** Parsed options; {@code null} from {@link #parse} means: print the usage. Unknown options are refused. */
    record Options(int storm, int concurrency, int clients, int items, int historyChanges, int queries, Path data,
                   boolean reuse, boolean rebuilds, int rebuildRounds, int mobileUsers, List<String> rebuild) {
        private static final java.util.Set<String> VALUED = java.util.Set.of("--storm", "--concurrency", "--clients", "--items",
                "--history-changes", "--queries", "--rebuild-rounds", "--data", "--mobile-users", "--rebuild");
        private static final List<String> MAIN_PROJECTIONS = List.of("client-projection", "history-projection");
        private static final String ALL = "all";

        /**
         * The projections to rebuild, in the order given ("all": the server's order). An unknown name is refused with
         * the known ones, right after the start, before anything is seeded or measured.
         */
        List<String> rebuilt(List<String> known) {
            if (rebuild.equals(List.of(ALL))) {
                return known;
            }
            for (String p : rebuild) {
                if (!known.contains(p)) {
                    throw new IllegalArgumentException("--rebuild: no projection '" + p + "'; known: " + String.join(", ", known));
                }
            }
            return rebuild;
        }

        static Options parse(String[] args) {
            int storm = 2000, concurrency = 32, clients = 20_000, items = 150, history = 20_000, queries = 300, rounds = 1, mobile = 0;
            List<String> rebuild = MAIN_PROJECTIONS;
            Path data = null;
            boolean reuse = false;
            boolean rebuilds = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    return null;
                }
                if (a.equals("--reuse")) {
                    reuse = true;
                    continue;
                }
                if (a.equals("--no-rebuilds")) {
                    rebuilds = false;
                    continue;
                }
                if (!VALUED.contains(a)) {
                    throw new IllegalArgumentException(a.startsWith("-") ? "unknown option '" + a + "'" : "unknown argument '" + a + "'");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--storm" -> storm = number(a, v);
                    case "--concurrency" -> concurrency = Math.max(1, number(a, v));
                    case "--clients" -> clients = number(a, v);
                    case "--items" -> items = number(a, v);
                    case "--history-changes" -> history = number(a, v);
                    case "--queries" -> queries = Math.max(1, number(a, v));
                    case "--rebuild-rounds" -> rounds = Math.max(1, number(a, v));
                    case "--data" -> data = Path.of(v);
                    case "--mobile-users" -> mobile = number(a, v);
                    case "--rebuild" -> rebuild = projections(v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (reuse && data == null) {
                throw new IllegalArgumentException("--reuse needs --data: the directory of an earlier run");
            }
            return new Options(storm, concurrency, clients, items, history, queries, data, reuse, rebuilds, rounds, mobile, rebuild);
        }

        private static List<String> projections(String value) {
            List<String> names = java.util.Arrays.stream(value.split(",")).map(String::trim).toList();
            if (names.isEmpty() || names.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("--rebuild takes projection names separated by commas, or \"all\", not '" + value + "'");
            }
            if (names.contains(ALL) && names.size() > 1) {
                throw new IllegalArgumentException("--rebuild: \"all\" stands alone, not in a list");
            }
            return List.copyOf(new java.util.LinkedHashSet<>(names));
        }

        private static int number(String option, String value) {
            try {
                int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a number of 0 or more, not '" + value + "'");
            }
        }
    }
}
