package org.deskfleet.tools.cli;

import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code deskfleet follow <jobId> [--url wss://127.0.0.1:8080/graphql] [--data DIR | --cacert FILE] [--plain]}:
 * follows a job's live progress (the {@code jobProgress} subscription) until it ends, over TLS to a server whose
 * certificate {@link ServerTrust} trusts, signed in with {@code DESKFLEET_TOKEN} or user name and password asked on
 * the terminal. Exit code 0 for SUCCESS, 2 for
 * PARTIAL_SUCCESSFUL, 3 for FAILED or TIMEOUT, 1 when the job is unknown or the server cannot be reached.
 */
public final class FollowJob {

    public static final String DEFAULT_URL = "wss://127.0.0.1:8080/graphql";
    static final String QUERY = """
            subscription($id: ID!) { jobProgress(id: $id) { jobId deviceId state detail
              counts { total pending succeeded partial failed timedOut } version at } }""";
    private static final String USAGE = "usage: deskfleet follow <jobId> [--url " + DEFAULT_URL
            + "] [--data DIR | --cacert FILE] [--plain]   (signed in: DESKFLEET_TOKEN, or asked for user and password)\n"
            + "  wss:// trusts the server's certificate DIR/tls/http-server.crt (DIR: --data, $DESKFLEET_DATA or ./data)\n"
            + "  or the PEM certificate(s) of --cacert.";

    /** How long an unknown job id is tried again, and how often. */
    static final Duration UNKNOWN_JOB_GRACE = Duration.ofSeconds(3);
    static final Duration UNKNOWN_JOB_RETRY = Duration.ofMillis(250);

    private FollowJob() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String jobId = null;
        String url = DEFAULT_URL;
        String caCert = null;
        String dataDir = null;
        Boolean terminal = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url" -> url = value(args, ++i, "--url");
                    case "--cacert" -> caCert = value(args, ++i, "--cacert");
                    case "--data" -> dataDir = value(args, ++i, "--data");
                    case "--plain" -> terminal = false;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("-") || jobId != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        jobId = args[i];
                    }
                }
            }
            if (jobId == null || jobId.isBlank()) {
                throw new IllegalArgumentException("which job? give its id");
            }
        } catch (IllegalArgumentException e) {
            err.println("deskfleet follow: " + e.getMessage());
            err.println(USAGE);
            return JobProgressView.EXIT_ERROR;
        }
        URI uri;
        try {
            uri = URI.create(url);
            if (!"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("the URL must start with wss:// (the API speaks TLS only)");
            }
        } catch (IllegalArgumentException e) {
            err.println("deskfleet follow: bad --url '" + url + "': " + e.getMessage());
            return JobProgressView.EXIT_ERROR;
        }
        HttpClient http;
        String token;
        try {
            http = ServerTrust.clientFor(uri, caCert, dataDir);
            token = CliSignIn.token(http, CliSignIn.httpOf(uri), err);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("deskfleet follow: " + e.getMessage());
            return JobProgressView.EXIT_ERROR;
        }
        return follow(http, uri, jobId, token, terminal == null ? isTerminal() : terminal, out, err);
    }

    /** Without TLS: for a test server that speaks plain WebSocket. */
    static int follow(URI url, String jobId, String token, boolean terminal, PrintStream out, PrintStream err) {
        return follow(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), url, jobId, token, terminal, out, err);
    }

    public static int follow(HttpClient http, URI url, String jobId, String token, boolean terminal, PrintStream out, PrintStream err) {
        JobProgressView view = new JobProgressView(out, terminal, System::nanoTime);
        Map<String, String> headers = new LinkedHashMap<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "follow-redraw");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(view::tick, 200, 200, TimeUnit.MILLISECONDS);
        try {
            return subscribe(url, jobId, headers, token, http, view, err);
        } finally {
            ticker.shutdownNow();
        }
    }

    private static int subscribe(URI url, String jobId, Map<String, String> headers, String token, HttpClient http,
                                 JobProgressView view, PrintStream err) {
        long deadline = System.nanoTime() + UNKNOWN_JOB_GRACE.toNanos();
        while (true) {
            AtomicBoolean seen = new AtomicBoolean();
            GraphQlWsSubscription subscription = GraphQlWsSubscription.open(http, url, headers, token, QUERY,
                    Map.of("id", jobId), data -> {
                        seen.set(true);
                        view.accept(data.path("jobProgress"));
                    }, Duration.ofSeconds(5), Duration.ofSeconds(10));
            Integer code = await(subscription, view, err, () -> !seen.get() && System.nanoTime() < deadline);
            if (code != null) {
                return code;
            }
            try {
                Thread.sleep(UNKNOWN_JOB_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return JobProgressView.EXIT_ERROR;
            }
        }
    }

    /**
     * The exit code once the subscription ends, or null to subscribe again: a job created a moment ago may
     * not be in the read model yet, so "no job" within the grace period is tried again.
     */
    private static Integer await(GraphQlWsSubscription subscription, JobProgressView view, PrintStream err,
                                 java.util.function.BooleanSupplier mayRetry) {
        Thread stop = new Thread(() -> {
            subscription.cancel();
            view.aborted();
        }, "follow-interrupted");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            subscription.done().get();
            return view.finished();
        } catch (ExecutionException e) {
            if (mayRetry.getAsBoolean() && e.getCause() instanceof GraphQlWsSubscription.Failure f && f.getMessage().startsWith("no job ")) {
                return null;
            }
            view.aborted();
            err.println("deskfleet follow: " + (e.getCause() instanceof GraphQlWsSubscription.Failure f
                    ? f.getMessage() : String.valueOf(e.getCause())));
            return JobProgressView.EXIT_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            subscription.cancel();
            view.aborted();
            return JobProgressView.EXIT_ERROR;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /**
     * Is stdout a terminal? {@code System.console()} is not null on JDK 22+ even when redirected; there
     * {@code Console.isTerminal()} (absent on 21, hence reflection) answers.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
