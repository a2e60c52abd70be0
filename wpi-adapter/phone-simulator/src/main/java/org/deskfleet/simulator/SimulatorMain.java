package org.deskfleet.simulator;

import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Command line: start up N simulated phones against a WPI service and print what happened.
 * <pre>
 * SimulatorMain [--host 127.0.0.1] [--port 18443] [--phones 10] [--concurrency 32] [--seed 1]
 *               [--first 0] [--connection keep-alive|close] [--live ...]
 * </pre>
 * Exit code 0 when every phone's interaction ended normally, 1 when any failed, 2 on a usage error. With
 * {@code --live} the phones register and then keep answering contact-me and polling until the process is
 * stopped (Ctrl-C); the exit code is that of the registration.
 */
public final class SimulatorMain {

    static final String USAGE = """
            usage: SimulatorMain [options]
              --host H                  service address (default 127.0.0.1)
              --port P                  service TLS port (default 18443)
              --phones N                number of phones (default 10)
              --concurrency C           interactions in flight at once (default 32)
              --seed S                  fleet seed: same seed, same phones (default 1)
              --first N                 sequence number of the first phone (default 0)
              --connection keep-alive|close
                                        one connection per interaction, or one per request (default keep-alive)
              --flow start-up|solicited|local-changes|inventory-changes|hot-desking
                                        the reason each phone opens its interaction with (default start-up);
                                        hot-desking: --users mobile users log on and off among the phones
              --mobility                phones have mobility enabled (mobile users can log on there)
              --users N                 with --flow hot-desking: number of users, at most --phones (default 10)
              --first-user NUMBER       with --flow hot-desking: E.164 number of the first user; the others
                                        follow it (default 4969100000000)
              --password P              with --flow hot-desking: the users' mobility password (default 4711)
              --rounds R                with --flow hot-desking: logon/logoff rounds, a new phone each (default 1)
              --graphql URL             with --flow hot-desking: register the users there first
                                        (e.g. https://127.0.0.1:8080/graphql; signed in with DESKFLEET_TOKEN,
                                        which deskfleet login prints)
              --data DIR | --cacert FILE  with --graphql: trust the server's certificate DIR/tls/http-server.crt
                                        (default $DESKFLEET_DATA or ./data) or the PEM file FILE
              --changed                 phones report configuration-changed-flag=true (they get read in full)
              --old-firmware            phones speak TLS 1.0 with RSA key exchange only (TLS_RSA_WITH_AES_128_CBC_SHA),
                                        as old firmware does: served only by a listener with tls-minimum-version=TLSv1
              --busy-ratio R            this share of phones (0..1) is in a call: WriteItems answered busy
              --reject ITEM=STATUS      phones refuse writes of ITEM with this item status (e.g. "invalid data")
              --max-items N             phones take at most N items per service message (service must split)
              --fragment-size N         phones send their full item list in fragments of N items
              --dcmp URL                each phone first polls URL/dcmp/contact-me: on 202 it calls in
                                        with solicited, otherwise with --flow (with --live: polls on and on)
              --live                    register, then keep running until Ctrl-C: every phone listens for
                                        contact-me on a port of its own (127.0.0.1), reboots after Restart
                                        and firmware updates, comes back after busy + send-solicited, polls
                                        DCMP; one line per contact
              --dcmp-interval SECONDS   with --live: seconds between two polls of a phone (default 60)
              --call-duration SECONDS   with --live: busy phones (--busy-ratio) hang up after this long and
                                        call in if told send-solicited (default 0: the call never ends)
              --software-outcome install|keep-old|never-return
                                        what phones do with a firmware image at the next reboot (default install)
              --misbehave slow|drop|malformed
                                        every phone replies late (--slow-delay), drops the connection after
                                        the service's first action, or replies with a truncated body
              --slow-delay MILLIS       reply delay of --misbehave slow (default 500)
              --help                    this text""";

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(runUntilShutdown(args, System.out));
    }

    /** {@link #run(String[], PrintStream)}, except that a {@code --live} fleet runs until the JVM shuts down (Ctrl-C). */
    public static int runUntilShutdown(String[] args, PrintStream out) {
        if (!java.util.Arrays.asList(args).contains("--live")) {
            return run(args, out);
        }
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.complete(null);
            try {
                closed.await(5, TimeUnit.SECONDS); // let the live fleet close its listeners
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulator-shutdown"));
        int code = run(args, out, stop);
        closed.countDown();
        return code;
    }

    /** One run; with {@code --live} the phones register and the run ends at once (see {@link #runUntilShutdown}). */
    public static int run(String[] args, PrintStream out) {
        return run(args, out, CompletableFuture.completedFuture(null));
    }

    /** One run with this environment ({@code DESKFLEET_TOKEN}, {@code DESKFLEET_DATA}) instead of the process's. */
    public static int run(String[] args, PrintStream out, java.util.Map<String, String> environment) {
        return run(args, out, CompletableFuture.completedFuture(null), environment);
    }

    /** @param stop a live run keeps going until this completes (a normal run ignores it) */
    static int run(String[] args, PrintStream out, CompletableFuture<Void> stop) {
        return run(args, out, stop, System.getenv());
    }

    static int run(String[] args, PrintStream out, CompletableFuture<Void> stop, java.util.Map<String, String> environment) {
        CliArgs cli;
        String host;
        int port;
        int phones;
        int concurrency;
        long seed;
        int first;
        ConnectionMode mode;
        boolean oldFirmware;
        try {
            cli = CliArgs.parse(args, Set.of("host", "port", "phones", "concurrency", "seed", "first", "connection",
                    "flow", "busy-ratio", "reject", "max-items", "fragment-size", "dcmp", "dcmp-interval", "call-duration",
                    "software-outcome", "misbehave", "slow-delay", "users", "first-user", "password", "rounds", "graphql", "data", "cacert"),
                    Set.of("help", "changed", "live", "mobility", "old-firmware"));
            if (cli.flag("help")) {
                out.println(USAGE);
                return 0;
            }
            host = cli.string("host", "127.0.0.1");
            port = cli.integer("port", 18443, 1);
            phones = cli.integer("phones", 10, 0);
            concurrency = cli.integer("concurrency", 32, 1);
            seed = cli.longValue("seed", 1);
            first = cli.integer("first", 0, 0);
            mode = ConnectionMode.fromOption(cli.string("connection", "keep-alive"));
            oldFirmware = cli.flag("old-firmware");
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }

        out.printf(Locale.ROOT, "deskfleet phone simulator: %d phone(s) (seed %d, first %d) -> %s:%d, concurrency %d, connection %s%n",
                phones, seed, first, host, port, concurrency, mode.option());
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(seed, first, phones);
        org.deskfleet.wpi.codec.Reason reason;
        String dcmp;
        LiveOptions live;
        try {
            reason = switch (cli.string("flow", "start-up")) {
                case "start-up" -> org.deskfleet.wpi.codec.Reason.START_UP;
                case "solicited" -> org.deskfleet.wpi.codec.Reason.SOLICITED;
                case "local-changes" -> org.deskfleet.wpi.codec.Reason.LOCAL_CHANGES;
                case "inventory-changes" -> org.deskfleet.wpi.codec.Reason.INVENTORY_CHANGES;
                case "hot-desking" -> org.deskfleet.wpi.codec.Reason.START_UP;
                default -> throw new IllegalArgumentException("unknown --flow " + cli.string("flow", ""));
            };
            double busy = Double.parseDouble(cli.string("busy-ratio", "0"));
            String reject = cli.string("reject", null);
            int maxItems = cli.integer("max-items", -1, -1);
            int fragment = cli.integer("fragment-size", 0, 0);
            dcmp = cli.string("dcmp", null);
            SoftwareOutcome software = SoftwareOutcome.fromOption(cli.string("software-outcome", "install"));
            Misbehaviour misbehave = Misbehaviour.fromOption(cli.string("misbehave", "none"));
            Duration slowDelay = Duration.ofMillis(cli.integer("slow-delay", 500, 0));
            live = LiveOptions.defaults()
                    .withDcmpInterval(seconds(cli.string("dcmp-interval", "60"), "dcmp-interval", false))
                    .withCallDuration(seconds(cli.string("call-duration", "0"), "call-duration", true))
                    .withEvents(line -> out.println(Instant.now() + " " + line));
            if (dcmp != null) {
                live = live.withDcmp(dcmp, live.dcmpInterval());
            }
            for (SimulatedPhone p : fleet) {
                p.setSoftwareOutcome(software);
                p.setMisbehaviour(misbehave);
                p.setSlowReplyDelay(slowDelay);
                p.setBusy((p.sequence() % 1000) < busy * 1000);
                p.setMaxItems(maxItems);
                p.setFragmentSize(fragment);
                if (cli.flag("changed")) {
                    p.markConfigurationChanged(true);
                }
                if (cli.flag("mobility")) {
                    org.deskfleet.simulator.mobility.MobileSession.enableMobility(p);
                }
                if (reject != null) {
                    String[] kv = reject.split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--reject needs ITEM=STATUS");
                    }
                    p.rejectItem(kv[0], kv[1]);
                }
            }
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        if ("hot-desking".equals(cli.string("flow", "start-up"))) {
            return runHotDesking(cli, fleet, host, port, mode, concurrency, out, environment, oldFirmware);
        }
        if (cli.flag("live")) {
            return runLive(fleet, host, port, mode, concurrency, live, out, stop, oldFirmware);
        }
        RunReport report;
        try (WpiHttpsClient client = new WpiHttpsClient(clientConfig(host, port, mode, oldFirmware))) {
            PhoneSimulator sim = new PhoneSimulator(client);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            report = sim.run(fleet, concurrency, phone -> {
                if (dcmp == null) {
                    return sim.interact(phone, reason);
                }
                // Behind NAT: poll first, call in only when the service says work is waiting (202).
                return http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dcmp
                                        + "/dcmp/contact-me?device-id=" + phone.mac())).GET().build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding())
                        .thenCompose(r -> r.statusCode() == 202 ? sim.interact(phone, org.deskfleet.wpi.codec.Reason.SOLICITED)
                                : sim.interact(phone, reason));
            });
        }
        printSummary(report, out);
        return report.failed() == 0 ? 0 : 1;
    }

    /** N users move among the phones: logon and logoff rounds (wpi-protocol §10 flows), one line per round. */
    private static int runHotDesking(CliArgs cli, List<SimulatedPhone> fleet, String host, int port, ConnectionMode mode,
                                     int concurrency, PrintStream out, java.util.Map<String, String> environment,
                                     boolean oldFirmware) {
        List<String> users;
        String password;
        int rounds;
        try {
            int count = cli.integer("users", 10, 1);
            users = org.deskfleet.simulator.mobility.HotDeskingDay.numbers(cli.longValue("first-user", 4969100000000L), count);
            password = cli.string("password", "4711");
            rounds = cli.integer("rounds", 1, 1);
            if (count > fleet.size()) {
                throw new IllegalArgumentException("--users " + count + " needs at least as many --phones, got " + fleet.size());
            }
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        String graphql = cli.string("graphql", null);
        if (graphql != null) {
            String caCert = cli.string("cacert", null);
            java.nio.file.Path certificate = caCert != null ? java.nio.file.Path.of(caCert)
                    : java.nio.file.Path.of(cli.string("data", environment.getOrDefault("DESKFLEET_DATA", "./data")), "tls", "http-server.crt");
            try {
                out.printf(Locale.ROOT, "registered %d of %d users at %s%n", org.deskfleet.simulator.mobility.HotDeskingDay.register(
                        graphql, certificate, environment.get("DESKFLEET_TOKEN"), users, password), users.size(), graphql);
            } catch (IllegalArgumentException | IllegalStateException e) {
                out.println("error: " + e.getMessage());
                return 2;
            }
        }
        try (WpiHttpsClient client = new WpiHttpsClient(clientConfig(host, port, mode, oldFirmware))) {
            var day = new org.deskfleet.simulator.mobility.HotDeskingDay(new PhoneSimulator(client), out)
                    .run(fleet, users, password, rounds, concurrency);
            List<Long> sorted = new java.util.ArrayList<>(day.logonMillis());
            java.util.Collections.sort(sorted);
            double seconds = day.elapsed().toMillis() / 1000.0;
            out.printf(Locale.ROOT, "hot-desking: %d users, %d phones, %d rounds: %d logons, %d logoffs, %d failed in %.1f s (%.1f logons/s)%n",
                    users.size(), fleet.size(), rounds, day.logons(), day.logoffs(), day.failed(), seconds, day.logons() / Math.max(0.001, seconds));
            if (!sorted.isEmpty()) {
                out.printf(Locale.ROOT, "whole logon: p50 %d ms, p99 %d ms%n", sorted.get(sorted.size() / 2),
                        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(0.99 * sorted.size()) - 1)));
            }
            day.failures().forEach(f -> out.println("failure: " + f));
            return day.failed() == 0 ? 0 : 1;
        }
    }

    /** Where the phones connect; with old firmware, over TLS 1.0 with RSA key exchange only. */
    private static ClientConfig clientConfig(String host, int port, ConnectionMode mode, boolean oldFirmware) {
        ClientConfig config = ClientConfig.of(host, port, mode);
        return oldFirmware ? config.withTlsProtocols(List.of("TLSv1")) : config;
    }

    /** Registers the fleet, then keeps it answering the service until {@code stop} completes. */
    private static int runLive(List<SimulatedPhone> phones, String host, int port, ConnectionMode mode, int concurrency,
                               LiveOptions options, PrintStream out, CompletableFuture<Void> stop, boolean oldFirmware) {
        try (WpiHttpsClient client = new WpiHttpsClient(clientConfig(host, port, mode, oldFirmware));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(client), phones, options)) {
            // --busy-ratio phones are in a call that ends after --call-duration (or never).
            fleet.phones().stream().filter(p -> p.phone().isBusy()).forEach(LivePhone::startCall);
            RunReport report = fleet.startUpAll(concurrency);
            printSummary(report, out);
            out.println("live: " + phones.size() + " phone(s) listening for contact-me on 127.0.0.1"
                    + (phones.isEmpty() ? "" : " (first " + fleet.phones().getFirst().contactMeUri() + ")")
                    + (options.dcmpUrl() == null ? "" : ", polling " + options.dcmpUrl() + " every "
                    + options.dcmpInterval().toMillis() + " ms") + "; Ctrl-C to stop");
            stop.join();
            out.println("live: stopping");
            return report.failed() == 0 ? 0 : 1;
        }
    }

    private static Duration seconds(String text, String option, boolean zeroAllowed) {
        double s;
        try {
            s = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " needs a number of seconds, not '" + text + "'");
        }
        if (s < 0 || (!zeroAllowed && s == 0) || Double.isNaN(s) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("--" + option + " must be " + (zeroAllowed ? "at least 0" : "positive"));
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    static void printSummary(RunReport r, PrintStream out) {
        out.printf(Locale.ROOT, "  registered       %6d   (start-up -> ReadAllItems -> ... -> CleanUp)%n", r.registered());
        out.printf(Locale.ROOT, "  already known    %6d   (start-up -> CleanUp, no ReadAllItems)%n", r.alreadyKnown());
        out.printf(Locale.ROOT, "  failed           %6d%n", r.failed());
        if (r.overloadRetries() > 0) {
            out.printf(Locale.ROOT, "  overload retries %6d%n", r.overloadRetries());
        }
        out.printf(Locale.ROOT, "  elapsed %.2f s, throughput %.1f interactions/s, latency p50 %s ms, p99 %s ms, max %s ms%n",
                r.elapsed().toNanos() / 1e9, r.throughput(), RunReport.millis(r.p50()), RunReport.millis(r.p99()),
                RunReport.millis(r.max()));
        for (String line : r.errorLines()) {
            out.println("  error " + line);
        }
        out.println(r.failed() == 0 ? "result: OK" : "result: FAILED (" + r.failed() + " of " + r.phones() + " phones)");
    }
}
