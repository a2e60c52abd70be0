package org.deskfleet.simulator;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Command line: start up N simulated phones against a WPI service and print what happened.
 * <pre>
 * SimulatorMain [--host 127.0.0.1] [--port 18443] [--phones 10] [--concurrency 32] [--seed 1]
 *               [--first 0] [--connection keep-alive|close]
 * </pre>
 * Exit code 0 when every phone's interaction ended normally, 1 when any failed, 2 on a usage error.
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
              --help                    this text""";

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        CliArgs cli;
        String host;
        int port;
        int phones;
        int concurrency;
        long seed;
        int first;
        ConnectionMode mode;
        try {
            cli = CliArgs.parse(args, Set.of("host", "port", "phones", "concurrency", "seed", "first", "connection"),
                    Set.of("help"));
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
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }

        out.printf(Locale.ROOT, "deskfleet phone simulator: %d phone(s) (seed %d, first %d) -> %s:%d, concurrency %d, connection %s%n",
                phones, seed, first, host, port, concurrency, mode.option());
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(seed, first, phones);
        RunReport report;
        try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of(host, port, mode))) {
            report = new PhoneSimulator(client).run(fleet, concurrency);
        }
        printSummary(report, out);
        return report.failed() == 0 ? 0 : 1;
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
