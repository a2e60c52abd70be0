package org.deskfleet.tools.bench;

import org.deskfleet.api.security.Authenticator;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.tools.cli.CliSignIn;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Authentication benchmark on the embedded stack: sign-in latency (Argon2 dominates, on purpose), and what
 * authentication adds to one GraphQL request: the same query over HTTPS with and without a session token
 * (interleaved, so both see the same machine), and the in-process check alone.
 * {@code deskfleet bench-auth [--sign-ins N] [--requests N]}
 */
public final class AuthBench {

    /** The benchmark's own administrator password (its data directory is new). */
    static final String PASSWORD = "Bench!Keeper-7x2Q";
    private static final String QUERY = "{\"query\":\"{ __typename }\"}";

    private AuthBench() {
    }

    /** Signs the first start's administrator in (changing the initial password the first time). */
    static String adminToken(HttpClient https, URI graphql) {
        try {
            return CliSignIn.signIn(https, graphql, "admin", PASSWORD, null).get("sessionToken").asText();
        } catch (IllegalStateException refused) {
            String t = CliSignIn.signIn(https, graphql, "admin", "change_me", null).get("sessionToken").asText();
            CliSignIn.changePassword(https, graphql, t, "change_me", PASSWORD);
            return t;
        }
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        int signIns = ConfigurationBench.intArg(args, "--sign-ins", 50);
        int requests = ConfigurationBench.intArg(args, "--requests", 20_000);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println("usage: deskfleet bench-auth [--sign-ins N] [--requests N]");
                return 0;
            }
            if (!List.of("--sign-ins", "--requests").contains(args[i])) {
                out.println("deskfleet bench-auth: unexpected argument '" + args[i] + "'");
                return 1;
            }
            i++;
        }
        Path data = BenchData.temporary("deskfleet-bench-auth");
        out.printf("deskfleet authentication benchmark: %d sign-ins, %d GraphQL requests each way, data in %s%n", signIns, requests, data);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class)
                .run("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                        "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1", "--logging.level.root=WARN",
                        // the benchmark signs in many times in a row: no lock-out in the way
                        "--deskfleet.security.max-failed-logins=1000")) {
            int http = ((WebServerApplicationContext) app).getWebServer().getPort();
            URI graphql = URI.create("https://127.0.0.1:" + http + "/graphql");
            // the server's own certificate, as the CLI trusts it
            HttpClient client = org.deskfleet.tools.cli.ServerTrust.httpClient(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data));
            String token = adminToken(client, graphql);

            List<Long> signIn = new ArrayList<>();
            for (int i = 0; i < signIns; i++) {
                long t0 = System.nanoTime();
                CliSignIn.signIn(client, graphql, "admin", PASSWORD, null);
                signIn.add(System.nanoTime() - t0);
            }
            Collections.sort(signIn);
            out.printf("sign-in (HTTPS, Argon2id 19 MiB x 2): p50 %.1f ms, p99 %.1f ms%n", pct(signIn, 50) / 1e6, pct(signIn, 99) / 1e6);

            HttpRequest anonymous = HttpRequest.newBuilder(graphql).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(QUERY)).build();
            HttpRequest signedIn = HttpRequest.newBuilder(graphql).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(QUERY)).build();
            for (int i = 0; i < 2_000; i++) {
                send(client, anonymous);
                send(client, signedIn);
            }
            List<Long> without = new ArrayList<>();
            List<Long> with = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                send(client, anonymous);
                long t1 = System.nanoTime();
                send(client, signedIn);
                long t2 = System.nanoTime();
                without.add(t1 - t0);
                with.add(t2 - t1);
            }
            double meanWithout = without.stream().mapToLong(Long::longValue).average().orElse(0) / 1e3;
            double meanWith = with.stream().mapToLong(Long::longValue).average().orElse(0) / 1e3;
            Collections.sort(without);
            Collections.sort(with);
            out.printf("GraphQL { __typename } without token: p50 %.0f us, p99 %.0f us, mean %.0f us%n",
                    pct(without, 50) / 1e3, pct(without, 99) / 1e3, meanWithout);
            out.printf("GraphQL { __typename } with token:    p50 %.0f us, p99 %.0f us, mean %.0f us%n",
                    pct(with, 50) / 1e3, pct(with, 99) / 1e3, meanWith);
            out.printf("added by authentication over HTTPS: p50 %+.0f us, mean %+.0f us%n",
                    (pct(with, 50) - pct(without, 50)) / 1e3, meanWith - meanWithout);

            Authenticator authenticator = app.getBean(Authenticator.class);
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                authenticator.authenticate(token);
            }
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                authenticator.authenticate(token);
            }
            long wall = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            out.printf("token check in process (%s signature verified once per token, then expiry, session, account every request): "
                    + "%.2f us wall, %.2f us CPU per request%n",
                    app.getBean(org.deskfleet.api.security.TokenService.class).algorithm(), wall / 1e3 / n, cpu / 1e3 / n);
            var tokens = app.getBean(org.deskfleet.api.security.TokenService.class);
            int m = 20_000;
            cpu0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < m; i++) {
                tokens.verify(token, org.deskfleet.api.security.TokenService.Kind.ACCESS, java.time.Instant.now());
            }
            out.printf("first sight of a token (parse + %s signature): %.2f us CPU%n", tokens.algorithm(),
                    (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / m);
            out.printf("(load average while measuring: %.1f on %d cores)%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
        return 0;
    }

    private static void send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
