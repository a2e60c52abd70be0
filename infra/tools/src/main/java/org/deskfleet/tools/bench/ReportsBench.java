package org.deskfleet.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.deskfleet.api.admin.ProjectionMaintenance;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.tools.cli.CliSignIn;
import org.deskfleet.tools.cli.ServerTrust;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.InputStream;
import java.io.PrintStream;
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

/**
 * {@code deskfleet bench-reports}: the reports' costs on a fleet written straight into the event store (in-process,
 * embedded stores): the firmware report, the drift report of one parameter (half the fleet drifted), the fleet at a
 * time folded from the store, the audit export of every change (CSV and JSON, streamed over HTTPS), and a rebuild of
 * the firmware report's projection.
 */
public final class ReportsBench {

    static final String USAGE = """
            usage: deskfleet bench-reports [--clients N] [--items N] [--queries Q]   (in-process, embedded stores; prints figures)
              --clients N   phones written into the event store, each registered, reporting its items and given an NTP
                            server (half of them one they do not report: drifted); a quarter updated to new firmware (default 2000)
              --items N     items each phone reports (default 20)
              --queries Q   requests per measured figure (default 5)
              --help        this text
            """;
    static final String SNTP = "general.date-time.sntp-server-address";
    private static final List<String> TYPES = List.of("OpenStage 40", "OpenStage 60", "OpenStage 80", "OpenScape Desk Phone CP600");
    private static final List<String> VERSIONS = List.of("V3 R5.14.0", "V3 R5.21.0", "V3 R4.40.0");

    private ReportsBench() {
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        int clients = 2000;
        int items = 20;
        int queries = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--clients", "--items", "--queries" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{1,7}")) {
                        System.err.println("deskfleet bench-reports: " + args[i] + " needs a value (a number)");
                        return 1;
                    }
                    int v = Integer.parseInt(args[++i]);
                    switch (args[i - 1]) {
                        case "--clients" -> clients = v;
                        case "--items" -> items = v;
                        default -> queries = Math.max(1, v);
                    }
                }
                default -> {
                    System.err.println("deskfleet bench-reports: unknown option '" + args[i] + "'");
                    System.err.print(USAGE);
                    return 1;
                }
            }
        }
        Path data = BenchData.temporary("deskfleet-bench-reports");
        out.printf("deskfleet reports benchmark: %,d phones x %d items, data in %s%n", clients, items, data);
        out.printf("machine: %d cores; max heap %,d MiB (other processes on the same cores count in every figure)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class)
                .run("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                        "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1", "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            URI graphql = URI.create("https://127.0.0.1:" + port + "/graphql");
            HttpClient https = ServerTrust.httpClient(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data));
            String token = null;
            for (int i = 0; token == null; i++) {
                try {
                    token = AuthBench.adminToken(https, graphql);
                } catch (IllegalStateException starting) {
                    if (i > 600) {
                        throw starting;
                    }
                    Thread.sleep(100);
                }
            }
            Instant from = Instant.now();
            long t0 = System.nanoTime();
            long events = seed(app, clients, items);
            caughtUp(app);
            out.printf("seeded %,d events; every projection caught up %.1f s after the first%n", events, (System.nanoTime() - t0) / 1e9);
            Instant to = Instant.now().plusSeconds(1);

            String tk = token;
            time(out, "firmwareReport", queries, () -> call(https, graphql, tk,
                    "{ firmwareReport { clients deviceTypes { deviceType versions { softwareVersion clients } } } }"));
            JsonNode drift = time(out, "driftReport (one parameter, page of 50)", queries, () -> call(https, graphql, tk,
                    "{ driftReport(parameter: \"" + SNTP + "\", first: 50) { clients inSync drifted nodes { deviceId } } }"));
            out.printf("  drift: %s clients, %s in sync, %s drifted%n", drift.path("driftReport").path("clients"),
                    drift.path("driftReport").path("inSync"), drift.path("driftReport").path("drifted"));
            JsonNode fleet = time(out, "fleetAt (now, page of 500)", queries, () -> call(https, graphql, tk,
                    "{ fleetAt(time: \"" + Instant.now() + "\", first: 500) { totalCount eventsRead nodes { deviceId } } }"));
            out.printf("  fleetAt: %s clients, %s client events folded of %,d in the store%n",
                    fleet.path("fleetAt").path("totalCount"), fleet.path("fleetAt").path("eventsRead"), events);
            for (String format : List.of("csv", "json")) {
                long e0 = System.nanoTime();
                long[] bytes = export(https, port, tk, from, to, format);
                double s = (System.nanoTime() - e0) / 1e9;
                out.printf("audit export (%s, streamed over HTTPS): %,d rows, %,d bytes in %.2f s (%,.0f rows/s)%n",
                        format, bytes[1], bytes[0], s, bytes[1] / Math.max(0.001, s));
            }
            var r = app.getBean(ProjectionMaintenance.class).rebuild("firmware-report-projection").join();
            out.printf("rebuild firmware-report-projection: %,d events in %.1f s (the whole store replayed)%n", r.events(), r.millis() / 1000.0);
        }
        return 0;
    }

    private static long seed(ConfigurableApplicationContext app, int clients, int items) {
        List<EventMessage<?>> batch = new ArrayList<>();
        Instant at = Instant.now();
        long events = 0;
        for (int i = 0; i < clients; i++) {
            String mac = String.format("00:1a:e8:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
            String type = TYPES.get(i % TYPES.size());
            String version = VERSIONS.get(i / TYPES.size() % VERSIONS.size());
            ClientIdentity id = new ClientIdentity("4930" + (1_000_000 + i), type, "Siemens SIP", version, null, "10.1.0.1");
            List<EventMessage<?>> phone = new ArrayList<>();
            phone.add(msg(mac, 0, new ClientRegistered(mac, id, ContactReason.START_UP, ChangeSource.PHONE, at)));
            List<ItemChange> changes = new ArrayList<>();
            changes.add(new ItemChange("sntp-addr", null, null, "10.0.0.1", null, false));
            for (int n = 1; n < items; n++) {
                changes.add(new ItemChange("bench-item-" + n, null, null, "value " + n, null, false));
            }
            phone.add(msg(mac, 1, new ClientItemsReported(mac, changes, true, ContactReason.START_UP, ChangeSource.PHONE, at)));
            phone.add(msg(mac, 2, new ClientConfigurationChanged(mac, List.of(new ParameterChange(SNTP, null, null,
                    i % 2 == 0 ? "10.0.0.1" : "10.9.9.9", false)), ChangeSource.ADMIN, "bench", "ntp", null, at)));
            if (i % 4 == 0) {
                ClientIdentity updated = new ClientIdentity(id.e164(), type, "Siemens SIP", "V3 R6.0.0", null, "10.1.0.1");
                phone.add(msg(mac, 3, new ClientIdentityChanged(mac, List.of(new ItemChange("software-version", null, version,
                        "V3 R6.0.0", null, false)), updated, ContactReason.START_UP, ChangeSource.PHONE, at)));
            }
            batch.addAll(phone);
            events += phone.size();
            if (batch.size() >= 200) {
                append(app, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            append(app, batch);
        }
        return events;
    }

    private static EventMessage<?> msg(String mac, long seq, Object payload) {
        return new GenericDomainEventMessage<>("Client", mac, seq, payload);
    }

    private static void append(ConfigurableApplicationContext app, List<EventMessage<?>> batch) {
        EventStore store = app.getBean(EventStore.class);
        app.getBean(TransactionManager.class).executeInTransaction(() -> store.publish(batch));
    }

    private static void caughtUp(ConfigurableApplicationContext app) throws InterruptedException {
        EventStore store = app.getBean(EventStore.class);
        long head = store.createHeadToken().position().orElse(-1);
        EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
        long deadline = System.nanoTime() + 3_600_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean all = processing.eventProcessors().values().stream()
                    .filter(p -> p instanceof StreamingEventProcessor).map(p -> (StreamingEventProcessor) p)
                    .filter(p -> p.getName().endsWith("-projection"))
                    .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                            .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head));
            if (all) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the projections did not catch up within an hour");
    }

    @FunctionalInterface
    private interface Request {
        JsonNode send() throws Exception;
    }

    private static JsonNode time(PrintStream out, String what, int queries, Request request) throws Exception {
        List<Long> nanos = new ArrayList<>();
        JsonNode last = null;
        for (int q = 0; q < queries; q++) {
            long t = System.nanoTime();
            last = request.send();
            nanos.add(System.nanoTime() - t);
            if (last.has("errors")) {
                throw new IllegalStateException(what + " failed: " + last.get("errors"));
            }
        }
        Collections.sort(nanos);
        out.printf("%s: p50 %.1f ms, max %.1f ms (%d requests)%n", what, nanos.get(nanos.size() / 2) / 1e6,
                nanos.getLast() / 1e6, queries);
        return last.has("data") ? last.get("data") : last;
    }

    private static JsonNode call(HttpClient https, URI graphql, String token, String query) {
        return CliSignIn.call(https, graphql, token, query, Map.of());
    }

    /** Bytes and rows (lines after the header, or objects) of a streamed export, counted as they come. */
    private static long[] export(HttpClient https, int port, String token, Instant from, Instant to, String format) throws Exception {
        HttpResponse<InputStream> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                        + "/reports/audit?from=" + from + "&to=" + to + "&format=" + format))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("audit export: HTTP " + r.statusCode() + " " + new String(r.body().readAllBytes()));
        }
        long bytes = 0;
        long marks = 0;
        byte[] buffer = new byte[1 << 16];
        int mark = format.equals("csv") ? '\n' : '{';
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == mark) {
                        marks++;
                    }
                }
            }
        }
        return new long[]{bytes, format.equals("csv") ? marks - 1 : marks};
    }
}
