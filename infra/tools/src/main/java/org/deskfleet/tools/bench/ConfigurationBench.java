package org.deskfleet.tools.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.api.admin.ProjectionMaintenance;
import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ChangeClientConfiguration;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Configuration benchmark on the embedded stack: seeds N clients with M configuration changes each through
 * the command bus, then measures over HTTP GraphQL one parameter's history and configuration-at-T, and a
 * full rebuild of the audit trail and client projections. Prints figures; asserts nothing.
 * {@code deskfleet bench-config [--clients N] [--changes M] [--queries Q] [--data DIR]}
 */
public final class ConfigurationBench {

    private static final List<String> PARAMETERS = List.of(
            "general.date-time.sntp-server-address", "general.date-time.sntp-backup-server-address",
            "telephony.sip-settings.transport-protocol", "general.date-time.sntp-timezone-offset-minutes",
            "features.ldap-configuration.ldap-server-transport-type");

    private ConfigurationBench() {
    }

    static final String USAGE = """
            usage: deskfleet bench-config [options]   (in-process, embedded stores; prints figures)
              --clients N    clients seeded through the command bus (default 10000)
              --changes M    configuration changes per client (default 50)
              --queries Q    queries per measured figure (default 500)
              --data DIR     data directory (default: a new temporary one)
              --help         this text
            """;

    public static int run(String[] args, PrintStream out) throws Exception {
        Integer refused = BenchOptions.check("bench-config", args, java.util.Set.of("--clients", "--changes", "--queries", "--data"),
                USAGE, out);
        if (refused != null) {
            return refused;
        }
        int clients = intArg(args, "--clients", 10_000);
        int changes = intArg(args, "--changes", 50);
        int queries = intArg(args, "--queries", 500);
        Path data = args.length > 0 && List.of(args).contains("--data")
                ? Path.of(args[List.of(args).indexOf("--data") + 1]) : BenchData.temporary("deskfleet-bench");
        out.printf("deskfleet configuration benchmark: %d clients x %d changes, data in %s%n", clients, changes, data);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class)
                .run("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0",
                        "--logging.level.root=WARN")) {
            CommandGateway commands = app.getBean(CommandGateway.class);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();

            long t0 = System.nanoTime();
            Instant start = Instant.now().minus(changes + 1L, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
            Semaphore inFlight = new Semaphore(16);
            List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
            for (int c = 0; c < clients; c++) {
                String mac = mac(c);
                inFlight.acquire();
                CompletableFuture<?> chain = commands.send(new RegisterClient(mac, ContactReason.START_UP, List.of(
                        ReportedItem.of("device-type", "OpenStage 40"), ReportedItem.of("software-type", "Siemens SIP"),
                        ReportedItem.of("software-version", "V3 R5.14.0"), ReportedItem.of("e164", "4930" + c)), "127.0.0.1",
                        false, start));
                for (int m = 0; m < changes; m++) {
                    int n = m;
                    chain = chain.thenCompose(r -> commands.send(new ChangeClientConfiguration(mac, List.of(
                            new ParameterValue(PARAMETERS.get(n % PARAMETERS.size()), null, value(n))), ChangeSource.ADMIN,
                            "bench", "change " + n, null, start.plus(n + 1L, ChronoUnit.MINUTES))));
                }
                chain.whenComplete((r, e) -> inFlight.release());
                pending.add(chain);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            double seedSeconds = (System.nanoTime() - t0) / 1e9;
            long events = (long) clients * (changes + 1);
            out.printf("seeded %,d events in %.1f s (%,.0f events/s through the command bus)%n", events, seedSeconds, events / seedSeconds);

            ProjectionMaintenance projections = app.getBean(ProjectionMaintenance.class);
            HttpClient http = org.deskfleet.tools.cli.ServerTrust.httpClient(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data));
            // signed in like any API client: the queries below pay the token check as operators' tools do
            token = AuthBench.adminToken(http, URI.create("https://127.0.0.1:" + port + "/graphql"));
            String last = mac(clients - 1);
            await(http, port, last, changes);

            SplittableRandom random = new SplittableRandom(7);
            List<Long> history = new ArrayList<>();
            List<Long> at = new ArrayList<>();
            for (int q = 0; q < queries; q++) {
                String mac = mac(random.nextInt(clients));
                long h0 = System.nanoTime();
                graphql(http, port, "{ client(deviceId: \\\"" + mac + "\\\") { parameterHistory(parameter: \\\""
                        + PARAMETERS.get(0) + "\\\", first: 20) { at newValue } } }");
                history.add(System.nanoTime() - h0);
                Instant t = start.plus(random.nextInt(changes) + 1L, ChronoUnit.MINUTES);
                long a0 = System.nanoTime();
                graphql(http, port, "{ client(deviceId: \\\"" + mac + "\\\") { configurationAt(time: \\\"" + t + "\\\") { name value } } }");
                at.add(System.nanoTime() - a0);
            }
            out.printf("parameter history of one client (GraphQL over HTTPS, signed in): p50 %.2f ms, p99 %.2f ms (%d queries)%n",
                    pct(history, 50), pct(history, 99), queries);
            out.printf("configuration at T of one client (GraphQL over HTTPS, signed in): p50 %.2f ms, p99 %.2f ms (%d queries)%n",
                    pct(at, 50), pct(at, 99), queries);

            for (String p : List.of("history-projection", "client-projection")) {
                var r = projections.rebuild(p).join();
                out.printf("rebuild %s: %,d events in %.1f s (%,.0f events/s)%n", p, r.events(), r.millis() / 1000.0,
                        r.events() / Math.max(0.001, r.millis() / 1000.0));
            }
        }
        return 0;
    }

    private static void await(HttpClient http, int port, String mac, int changes) throws Exception {
        long deadline = System.nanoTime() + 3_600_000_000_000L;
        while (System.nanoTime() < deadline) {
            String r = graphql(http, port, "{ client(deviceId: \\\"" + mac + "\\\") { parameterHistory(first: 1000) { at } } }");
            if (r.split("\"at\"").length - 1 >= changes) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static volatile String token;

    private static String graphql(HttpClient http, int port, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
            throw new IllegalStateException("GraphQL failed: " + r.body());
        }
        return r.body();
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static String mac(int n) {
        return String.format("02:be:%02x:%02x:%02x:%02x", (n >> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    }

    private static String value(int n) {
        return switch (n % PARAMETERS.size()) {
            case 0, 1 -> "10.0." + (n % 250) + "." + (n % 7 + 1);
            case 2 -> List.of("UDP", "TCP", "TLS").get(n % 3);
            case 3 -> Integer.toString(60 + n);
            default -> List.of("UDP", "TCP", "TLS").get(n % 3);
        };
    }

    static int intArg(String[] args, String name, int fallback) {
        List<String> list = List.of(args);
        int i = list.indexOf(name);
        return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : fallback;
    }
}
