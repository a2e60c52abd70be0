package org.deskfleet.simulator.bench;

import org.deskfleet.simulator.CliArgs;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;

import io.netty.channel.EventLoopGroup;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Load benchmark against a running deskfleet WPI listener, compared with a bare Netty TLS server.
 * <ol>
 *   <li>registrations/s of new phones: start-up → ReadAllItems → reply-to with all items → CleanUp;</li>
 *   <li>known-phone interactions/s: the same phones again, start-up → CleanUp;</li>
 *   <li>the same known-phone interaction against {@link BaselineServer} in this JVM, and the ratio.</li>
 * </ol>
 * Each target is warmed up first with phones of a separate seed. Figures are printed, never asserted.
 * <pre>
 * Bench [--host 127.0.0.1] [--port 18443] [--phones 1000] [--concurrency 32] [--seed now] [--first 0]
 *       [--connection keep-alive|close] [--warmup 200] [--baseline-only] [--no-baseline]
 * </pre>
 */
public final class Bench {

    static final String USAGE = """
            usage: Bench [options]
              --host H            deskfleet WPI address (default 127.0.0.1)
              --port P            deskfleet WPI TLS port (default 18443)
              --phones N          phones per phase (default 1000)
              --concurrency C     interactions in flight (default 32)
              --seed S            fleet seed (default: current time, so that phones are new)
              --first N           sequence number of the first phone (default 0)
              --connection keep-alive|close   (default keep-alive)
              --warmup W          warm-up interactions per target (default min(200, phones))
              --baseline-only     skip deskfleet, measure the bare Netty server only
              --no-baseline       skip phase 3
              --help""";

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** @return 0 when every measured interaction succeeded, 1 when any failed, 2 on a usage error */
    public static int run(String[] args, PrintStream out) {
        String host;
        int port;
        int phones;
        int concurrency;
        long seed;
        int first;
        int warmup;
        ConnectionMode mode;
        boolean baselineOnly;
        boolean noBaseline;
        try {
            CliArgs cli = CliArgs.parse(args,
                    Set.of("host", "port", "phones", "concurrency", "seed", "first", "connection", "warmup"),
                    Set.of("help", "baseline-only", "no-baseline"));
            if (cli.flag("help")) {
                out.println(USAGE);
                return 0;
            }
            host = cli.string("host", "127.0.0.1");
            port = cli.integer("port", 18443, 1);
            phones = cli.integer("phones", 1000, 1);
            concurrency = cli.integer("concurrency", 32, 1);
            seed = cli.longValue("seed", System.currentTimeMillis());
            first = cli.integer("first", 0, 0);
            warmup = cli.integer("warmup", Math.min(200, phones), 0);
            mode = ConnectionMode.fromOption(cli.string("connection", "keep-alive"));
            baselineOnly = cli.flag("baseline-only");
            noBaseline = cli.flag("no-baseline");
            if (baselineOnly && noBaseline) {
                throw new IllegalArgumentException("--baseline-only and --no-baseline exclude each other");
            }
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }

        out.printf(Locale.ROOT, "deskfleet WPI benchmark: %d phones, concurrency %d, connection %s, seed %d, first %d, warm-up %d%n",
                phones, concurrency, mode.option(), seed, first, warmup);
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(seed, first, phones);
        // Warm-up phones come from another seed so that phase 1 still meets only new phones.
        List<SimulatedPhone> warmFleet = SimulatedPhone.fleet(seed ^ 0x5DEECE66DL, first, warmup);
        List<Row> rows = new ArrayList<>();
        EventLoopGroup group = WpiHttpsClient.newEventLoopGroup(0);
        try {
            if (!baselineOnly) {
                out.printf(Locale.ROOT, "target deskfleet at %s:%d%n", host, port);
                try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of(host, port, mode), group)) {
                    PhoneSimulator sim = new PhoneSimulator(client);
                    if (warmup > 0) {
                        RunReport w = sim.run(warmFleet, concurrency);
                        sim.run(warmFleet, concurrency);
                        out.printf(Locale.ROOT, "  warm-up: %d ok, %d failed%n", w.ok(), w.failed());
                    }
                    rows.add(new Row("1 registration (new phones)", sim.run(fleet, concurrency)));
                    rows.add(new Row("2 known-phone interaction", sim.run(fleet, concurrency)));
                }
            }
            if (!noBaseline) {
                try (BaselineServer baseline = BaselineServer.start()) {
                    out.printf(Locale.ROOT, "target baseline (bare Netty TLS, in this JVM) at %s:%d%n", baseline.host(), baseline.port());
                    try (WpiHttpsClient client = new WpiHttpsClient(
                            ClientConfig.of(baseline.host(), baseline.port(), mode), group)) {
                        PhoneSimulator sim = new PhoneSimulator(client);
                        if (warmup > 0) {
                            sim.run(warmFleet, concurrency);
                        }
                        rows.add(new Row("3 baseline known-phone", sim.run(fleet, concurrency)));
                    }
                }
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        print(rows, out);
        return rows.stream().allMatch(r -> r.report().failed() == 0) ? 0 : 1;
    }

    private record Row(String phase, RunReport report) {
    }

    private static void print(List<Row> rows, PrintStream out) {
        out.println();
        String fmt = "%-30s %7s %7s %7s %10s %10s %9s %9s %9s%n";
        out.printf(Locale.ROOT, fmt, "phase", "ok", "failed", "new", "elapsed s", "per s", "p50 ms", "p99 ms", "max ms");
        out.println("-".repeat(106));
        for (Row row : rows) {
            RunReport r = row.report();
            out.printf(Locale.ROOT, fmt, row.phase(), r.ok(), r.failed(), r.registered(),
                    String.format(Locale.ROOT, "%.2f", r.elapsed().toNanos() / 1e9),
                    String.format(Locale.ROOT, "%.1f", r.throughput()),
                    RunReport.millis(r.p50()), RunReport.millis(r.p99()), RunReport.millis(r.max()));
        }
        for (Row row : rows) {
            for (String line : row.report().errorLines()) {
                out.println("  " + row.phase() + ": error " + line);
            }
        }
        Row known = rows.stream().filter(r -> r.phase().startsWith("2")).findFirst().orElse(null);
        Row base = rows.stream().filter(r -> r.phase().startsWith("3")).findFirst().orElse(null);
        Row reg = rows.stream().filter(r -> r.phase().startsWith("1")).findFirst().orElse(null);
        if (reg != null && reg.report().alreadyKnown() > 0) {
            out.printf(Locale.ROOT, "note: %d phone(s) of phase 1 were already known to the service (not new)%n",
                    reg.report().alreadyKnown());
        }
        if (known != null && base != null && base.report().throughput() > 0) {
            double tp = known.report().throughput() / base.report().throughput();
            double p50 = base.report().p50().isZero() ? Double.NaN
                    : (double) known.report().p50().toNanos() / base.report().p50().toNanos();
            out.printf(Locale.ROOT, "ratio deskfleet/baseline (known-phone interaction): throughput %.2fx, p50 latency %.2fx%n", tp, p50);
            out.println("(the baseline shares this JVM and machine with the load generator; compare shapes, not absolutes)");
        }
    }
}
