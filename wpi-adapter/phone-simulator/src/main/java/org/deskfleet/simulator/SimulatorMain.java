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
              --flow start-up|solicited|local-changes|inventory-changes
                                        the reason each phone opens its interaction with (default start-up)
              --changed                 phones report configuration-changed-flag=true (they get read in full)
              --busy-ratio R            this share of phones (0..1) is in a call: WriteItems answered busy
              --reject ITEM=STATUS      phones refuse writes of ITEM with this item status (e.g. "invalid data")
              --max-items N             phones take at most N items per service message (service must split)
              --fragment-size N         phones send their full item list in fragments of N items
              --dcmp URL                each phone first polls URL/dcmp/contact-me: on 202 it calls in
                                        with solicited, otherwise with --flow
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
            cli = CliArgs.parse(args, Set.of("host", "port", "phones", "concurrency", "seed", "first", "connection",
                    "flow", "busy-ratio", "reject", "max-items", "fragment-size", "dcmp"), Set.of("help", "changed"));
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
        org.deskfleet.wpi.codec.Reason reason;
        String dcmp;
        try {
            reason = switch (cli.string("flow", "start-up")) {
                case "start-up" -> org.deskfleet.wpi.codec.Reason.START_UP;
                case "solicited" -> org.deskfleet.wpi.codec.Reason.SOLICITED;
                case "local-changes" -> org.deskfleet.wpi.codec.Reason.LOCAL_CHANGES;
                case "inventory-changes" -> org.deskfleet.wpi.codec.Reason.INVENTORY_CHANGES;
                default -> throw new IllegalArgumentException("unknown --flow " + cli.string("flow", ""));
            };
            double busy = Double.parseDouble(cli.string("busy-ratio", "0"));
            String reject = cli.string("reject", null);
            int maxItems = cli.integer("max-items", -1, -1);
            int fragment = cli.integer("fragment-size", 0, 0);
            dcmp = cli.string("dcmp", null);
            for (SimulatedPhone p : fleet) {
                p.setBusy((p.sequence() % 1000) < busy * 1000);
                p.setMaxItems(maxItems);
                p.setFragmentSize(fragment);
                if (cli.flag("changed")) {
                    p.markConfigurationChanged(true);
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
        RunReport report;
        try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of(host, port, mode))) {
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
