package org.deskfleet.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Job benchmark on the embedded stack: N live simulated phones (each with its contact-me listener) register,
 * then one configuration job goes to all of them: contact-me at the configured rate, solicited call-in,
 * WriteItems, read back, result. Prints completion time, interactions/s and per-target latency; asserts nothing.
 * {@code deskfleet bench-jobs [--phones N] [--rate R] [--busy-ratio B] [--concurrency C] [--data DIR] [--template]};
 * with {@code --template} the values come as a template change brought to the phones (preview, then its job).
 */
public final class JobBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobBench() {
    }

    static final String USAGE = """
            usage: deskfleet bench-jobs [options]   (in-process: a configuration job to N live phones; prints figures)
              --phones N         live simulated phones (default 5000)
              --rate R           contact-me per second (default 200)
              --busy-ratio B     share of phones in a call (0..1, default 0)
              --concurrency C    registrations in flight (default 32)
              --data DIR         data directory (default: a new temporary one)
              --nodes N          1 (default: in this process, embedded stores) or 2 (two node processes on a
                                 throwaway PostgreSQL cluster and one MongoDB-wire server, phones through a
                                 round-robin TCP balancer; needs the PostgreSQL server package)
              --heap SIZE        heap of each node process with --nodes 2 (default 1g)
              --template         the values as a default template's change, brought by its rollout
              --help             this text
            """;

    public static int run(String[] args, PrintStream out) throws Exception {
        Integer refused = BenchOptions.check("bench-jobs", args,
                java.util.Set.of("--phones", "--rate", "--busy-ratio", "--concurrency", "--data", "--nodes", "--heap"),
                java.util.Set.of("--template"), USAGE, out);
        if (refused != null) {
            return refused;
        }
        int phones = ConfigurationBench.intArg(args, "--phones", 5_000);
        int rate = ConfigurationBench.intArg(args, "--rate", 200);
        int concurrency = ConfigurationBench.intArg(args, "--concurrency", 32);
        double busyRatio = Double.parseDouble(stringArg(args, "--busy-ratio", "0"));
        int nodes = ConfigurationBench.intArg(args, "--nodes", 1);
        if (nodes != 1 && nodes != 2) {
            out.println("bench-jobs: --nodes must be 1 or 2, not " + nodes);
            return 2;
        }
        String heap = stringArg(args, "--heap", "1g");
        Path data = List.of(args).contains("--data") ? Path.of(stringArg(args, "--data", null))
                : BenchData.temporary("deskfleet-bench-jobs");
        out.printf("deskfleet job benchmark: configuration job to %d live phones, contact-me at %d/s, %.0f%% busy, data in %s%n",
                phones, rate, busyRatio * 100, data);
        // The contact-me rate is the fleet's: with two nodes each contacts its share of the phones at half of it.
        List<String> settings = List.of("--deskfleet.contact-me.max-per-second=" + Math.max(1, rate / nodes),
                "--deskfleet.jobs.recontact=60s",
                "--deskfleet.wpi.max-interactions=" + Math.max(200, concurrency * 4),
                // Every simulated phone comes from 127.0.0.1 and listens on a contact-me port of its own.
                "--deskfleet.wpi.max-interactions-per-address=" + Math.max(200, concurrency * 4),
                "--deskfleet.wpi.max-connections-per-address=10000",
                "--deskfleet.contact-me.allowed-networks=127.0.0.0/8");
        try (BenchNodes servers = nodes == 1 ? BenchNodes.inProcess(data, settings) : BenchNodes.twoNodes(data, settings, heap, out)) {
            int http = servers.httpPort();
            HTTP = org.deskfleet.tools.cli.ServerTrust.httpClient(servers.certificate());
            int wpiPort = servers.wpiPort();
            List<SimulatedPhone> fleet = SimulatedPhone.fleet(System.currentTimeMillis(), 0, phones);
            try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE));
                 LiveFleet live = LiveFleet.start(new PhoneSimulator(wpi), fleet, LiveOptions.defaults())) {
                RunReport registered = live.startUpAll(concurrency);
                out.printf("registration: %d of %d phones in %.1f s%n", registered.registered(), phones,
                        registered.elapsed().toMillis() / 1000.0);
                int busy = (int) Math.round(phones * busyRatio);
                live.phones().subList(0, busy).forEach(p -> p.startCall(Duration.ofSeconds(5)));
                List<Integer> before = live.phones().stream().map(p -> p.interactions().size()).toList();

                // The read model holds registrations a little after the phones were answered.
                Instant seen = Instant.now();
                while (clientCount(http) < phones) {
                    Thread.sleep(500);
                }
                out.printf("read model has all phones %.1f s after the last registration%n",
                        Duration.between(seen, Instant.now()).toMillis() / 1000.0);
                Instant t0 = Instant.now();
                String jobId = List.of(args).contains("--template") ? rollOutTemplate(http, out) : createJob(http, fleet);
                Instant created = Instant.now();
                JsonNode job;
                while (true) {
                    job = job(http, jobId, 1);
                    if (job != null && !job.isNull() && terminal(job.get("state").asText())) {
                        break;
                    }
                    Thread.sleep(500);
                }
                Instant t1 = Instant.now();
                long interactions = 0;
                for (int i = 0; i < phones; i++) {
                    interactions += live.phones().get(i).interactions().size() - before.get(i);
                }
                double seconds = Duration.between(t0, t1).toMillis() / 1000.0;
                JsonNode all = job(http, jobId, phones);
                Instant started = Instant.parse(all.get("startedAt").asText());
                List<Long> latencies = new ArrayList<>();
                all.get("targets").forEach(t -> latencies.add(Duration.between(started, Instant.parse(t.get("updatedAt").asText())).toMillis()));
                Collections.sort(latencies);
                JsonNode c = all.get("counts");
                out.printf("job created in %d ms (%d targets resolved)%n", Duration.between(t0, created).toMillis(), phones);
                out.printf("job %s: %s in %.1f s  (succeeded %d, partial %d, failed %d, timed out %d)%n", jobId,
                        all.get("state").asText(), seconds, c.get("succeeded").asInt(), c.get("partial").asInt(),
                        c.get("failed").asInt(), c.get("timedOut").asInt());
                out.printf("interactions: %d, %.1f/s; targets per second: %.1f%n", interactions, interactions / seconds, phones / seconds);
                out.printf("target done after start: p50 %d ms, p99 %d ms, max %d ms%n", pct(latencies, 50), pct(latencies, 99),
                        latencies.get(latencies.size() - 1));
                out.printf("bound: contact-me at %d/s takes %.1f s for %d phones alone%n", rate, phones / (double) rate, phones);
                // Correctness under the load: each phone written once (a phone whose interaction broke may be twice).
                int once = 0;
                int more = 0;
                for (int i = 0; i < phones; i++) {
                    long writes = live.phones().get(i).interactions().stream().skip(before.get(i))
                            .mapToLong(t -> t.actions().stream().filter(a -> a == org.deskfleet.wpi.codec.Action.WRITE_ITEMS).count()).sum();
                    if (writes == 1) {
                        once++;
                    } else if (writes > 1) {
                        more++;
                    }
                }
                out.printf("phones written once: %d, more than once: %d, never: %d%n", once, more, phones - once - more);
                out.printf("ran: %s; the simulated phones in the benchmark's process%n", servers.describe());
            }
        }
        return 0;
    }

    /**
     * {@code --template}: the same two values as a default template's change, brought to every phone through
     * the template rollout: preview (which clients, which parameters), then its one job.
     */
    private static String rollOutTemplate(int http, PrintStream out) throws Exception {
        JsonNode created = post(http, Map.of("query", """
                mutation { createTemplate(template: {name: "benchmark", ranking: 1}) { id } }"""));
        String id = created.get("data").get("createTemplate").get("id").asText();
        post(http, Map.of("query", """
                mutation($id: ID!) { changeTemplateConfiguration(id: $id, reason: "benchmark", changes: [
                  {parameter: "general.date-time.sntp-server-address", value: "10.77.0.1"},
                  {parameter: "general.date-time.sntp-timezone-offset-minutes", value: "120"}]) { id } }""", "variables", Map.of("id", id)));
        Instant t0 = Instant.now();
        JsonNode preview = post(http, Map.of("query", """
                query($id: ID!) { templateRolloutPreview(id: $id, first: 1) { clientCount parameterCount millis } }""",
                "variables", Map.of("id", id))).get("data").get("templateRolloutPreview");
        out.printf("template preview: %d clients, %d parameters, %d ms in the server, %d ms round trip%n",
                preview.get("clientCount").asInt(), preview.get("parameterCount").asInt(), preview.get("millis").asLong(),
                Duration.between(t0, Instant.now()).toMillis());
        JsonNode rollout = post(http, Map.of("query", """
                mutation($id: ID!) { rolloutTemplate(id: $id, options: {reason: "benchmark", timeoutSeconds: 3600}) { jobIds clientCount } }""",
                "variables", Map.of("id", id)));
        JsonNode jobs = rollout.get("data").get("rolloutTemplate").get("jobIds");
        out.printf("template rollout: %d job(s) for %d clients%n", jobs.size(), rollout.get("data").get("rolloutTemplate").get("clientCount").asInt());
        return jobs.get(0).asText();
    }

    private static String createJob(int http, List<SimulatedPhone> fleet) throws Exception {
        List<String> ids = fleet.stream().map(SimulatedPhone::mac).toList();
        Map<String, Object> body = Map.of("query", """
                mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "benchmark", timeoutSeconds: 3600},
                  changes: [{parameter: "general.date-time.sntp-server-address", value: "10.77.0.1"},
                            {parameter: "general.date-time.sntp-timezone-offset-minutes", value: "60"}]) { jobId } }
                """, "variables", Map.of("ids", ids));
        // The read model registers phones a moment after they were answered: retry briefly on "unknown device".
        for (int attempt = 0; ; attempt++) {
            JsonNode r = post(http, body);
            if (r.hasNonNull("data") && r.get("data").hasNonNull("submitConfiguration")) {
                return r.get("data").get("submitConfiguration").get("jobId").asText();
            }
            if (attempt > 120 || !r.toString().contains("unknown device")) {
                throw new IllegalStateException("job not created: " + r);
            }
            Thread.sleep(500);
        }
    }

    private static JsonNode job(int http, String id, int targets) throws Exception {
        return post(http, Map.of("query", """
                query($id: ID!, $n: Int) { job(id: $id, targetsFirst: $n) { state startedAt
                  counts { succeeded partial failed timedOut pending } targets { updatedAt } } }
                """, "variables", Map.of("id", id, "n", targets))).get("data").get("job");
    }

    private static int clientCount(int http) throws Exception {
        return post(http, Map.of("query", "{ clients { totalCount } }")).get("data").get("clients").get("totalCount").asInt();
    }

    /** Trusts the started server's own certificate (set once it is up). */
    private static HttpClient HTTP;

    private static volatile String token;

    private static JsonNode post(int port, Map<String, Object> body) throws Exception {
        if (token == null) {
            token = AuthBench.adminToken(HTTP, URI.create("https://127.0.0.1:" + port + "/graphql"));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static boolean terminal(String state) {
        return !state.equals("CREATED") && !state.equals("ACTIVE");
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        List<String> a = List.of(args);
        int i = a.indexOf(name);
        return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : fallback;
    }

}
