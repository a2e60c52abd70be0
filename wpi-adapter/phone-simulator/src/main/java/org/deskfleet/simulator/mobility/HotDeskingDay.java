package org.deskfleet.simulator.mobility;

import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hot-desking day: N users move among M phones (N at most M). Each round every user logs on at a phone
 * (a different one each round), then every user logs off there; the phones start up with mobility enabled
 * first. Users are numbered from a first number on; with a GraphQL address they are registered there first
 * (an operator's action; phones cannot do it).
 */
public final class HotDeskingDay {

    private final PhoneSimulator simulator;
    private final PrintStream out;

    public HotDeskingDay(PhoneSimulator simulator, PrintStream out) {
        this.simulator = simulator;
        this.out = out;
    }

    /** What a day took: logons and logoffs done and failed, with the latency of a whole logon. */
    public record Report(int logons, int logoffs, int failed, List<String> failures, List<Long> logonMillis, Duration elapsed) {
    }

    /** The numbers of the users: {@code first}, {@code first + 1}, ... */
    public static List<String> numbers(long first, int users) {
        List<String> n = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            n.add(Long.toString(first + i));
        }
        return n;
    }

    /**
     * Registers the users over GraphQL; a number that exists already counts as registered. The API speaks HTTPS
     * only and answers signed-in accounts only: the server's certificate is trusted from {@code serverCertificate}
     * (a PEM file, the server's {@code <data>/tls/http-server.crt}) and the session {@code token} is sent as bearer.
     */
    public static int register(String graphqlUrl, java.nio.file.Path serverCertificate, String token, List<String> numbers,
                               String password) {
        URI url = URI.create(graphqlUrl);
        if (!"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--graphql must be an https:// URL (the API speaks nothing else): " + graphqlUrl);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("registering users needs a signed-in account: set DESKFLEET_TOKEN (deskfleet login prints it)");
        }
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(serverCertificate)).connectTimeout(Duration.ofSeconds(10)).build();
        int done = 0;
        for (String n : numbers) {
            String body = "{\"query\":\"mutation($n: String!, $p: String!) { registerMobileUser(e164: $n, password: $p) { e164 } }\","
                    + "\"variables\":{\"n\":\"" + n + "\",\"p\":\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token.strip())
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 401) {
                    throw new IllegalStateException("the server refused the token (HTTP 401): sign in again with deskfleet login");
                }
                if (r.statusCode() == 200 && (!r.body().contains("\"errors\"") || r.body().contains("already exists"))) {
                    done++;
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot register users at " + graphqlUrl + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return done;
    }

    /** A TLS context trusting the certificates of this PEM file only (the JDK's own X.509 and key-store code). */
    static javax.net.ssl.SSLContext trusting(java.nio.file.Path pem) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("server-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException(pem + " holds no certificate");
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + pem + " as the server certificate (give --cacert FILE or --data DIR): "
                    + e.getMessage(), e);
        }
    }

    public Report run(List<SimulatedPhone> phones, List<String> users, String password, int rounds, int concurrency) {
        if (users.size() > phones.size()) {
            throw new IllegalArgumentException(users.size() + " users need at least as many phones, got " + phones.size());
        }
        phones.forEach(MobileSession::enableMobility);
        MobileSession session = new MobileSession(simulator);
        simulator.run(phones, concurrency);
        long start = System.nanoTime();
        AtomicInteger logons = new AtomicInteger();
        AtomicInteger logoffs = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Long> logonMillis = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            int shift = round * 7919 % phones.size();  // a different phone each round
            List<SimulatedPhone> desks = new ArrayList<>();
            for (int u = 0; u < users.size(); u++) {
                desks.add(phones.get((u + shift) % phones.size()));
            }
            each(users.size(), concurrency, u -> session.logon(desks.get(u), users.get(u), password).handle((o, e) -> {
                if (e == null && o.ok()) {
                    logons.incrementAndGet();
                    logonMillis.add(o.took().toMillis());
                } else {
                    fail(failed, failures, "logon of " + users.get(u) + " at " + desks.get(u).mac() + ": " + (e != null ? e : o.failure()));
                }
                return null;
            }));
            each(users.size(), concurrency, u -> session.logoff(desks.get(u)).handle((o, e) -> {
                if (e == null && o.ok()) {
                    logoffs.incrementAndGet();
                } else {
                    fail(failed, failures, "logoff of " + users.get(u) + " at " + desks.get(u).mac() + ": " + (e != null ? e : o.failure()));
                }
                return null;
            }));
            out.printf(Locale.ROOT, "round %d: %d logons, %d logoffs, %d failed so far%n", round + 1, logons.get(), logoffs.get(), failed.get());
        }
        return new Report(logons.get(), logoffs.get(), failed.get(), List.copyOf(failures), List.copyOf(logonMillis),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static void fail(AtomicInteger failed, List<String> failures, String what) {
        failed.incrementAndGet();
        if (failures.size() < 5) {
            failures.add(what);
        }
    }

    /** Runs {@code n} asynchronous steps, at most {@code concurrency} at once, and waits for all. */
    private static void each(int n, int concurrency, java.util.function.IntFunction<CompletableFuture<?>> step) {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            permits.acquireUninterruptibly();
            CompletableFuture<?> f;
            try {
                f = step.apply(i);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            all.add(f.whenComplete((r, e) -> permits.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }
}
