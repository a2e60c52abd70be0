package org.deskfleet.tools;

import org.deskfleet.simulator.SimulatorMain;
import org.deskfleet.simulator.bench.Bench;
import org.deskfleet.tools.bench.AuthBench;
import org.deskfleet.tools.bench.ConfigurationBench;
import org.deskfleet.tools.bench.JobBench;
import org.deskfleet.tools.bench.MobilityBench;
import org.deskfleet.tools.bench.ReadSideBench;
import org.deskfleet.tools.bench.ReportsBench;
import org.deskfleet.tools.bench.RestartBench;
import org.deskfleet.tools.cli.CliSignIn;
import org.deskfleet.tools.cli.FollowJob;
import org.deskfleet.tools.cli.Quarantine;
import org.deskfleet.tools.cli.RebuildProjection;
import org.deskfleet.tools.cli.ReportCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tools jar: one command per run ({@code deskfleet <command>} in the launcher). Each command parses its own
 * options (answers {@code --help}, refuses unknown ones); this only picks the command.
 */
public final class DeskfleetTools {

    /** A command: its arguments and the two streams, to its exit code. */
    @FunctionalInterface
    interface Command {
        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    static final Map<String, Command> COMMANDS = commands();

    private DeskfleetTools() {
    }

    private static Map<String, Command> commands() {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("login", CliSignIn::run);
        c.put("follow", FollowJob::run);
        c.put("rebuild", RebuildProjection::run);
        c.put("report", ReportCommand::run);
        c.put("quarantine", Quarantine::run);
        c.put("simulate", (args, out, err) -> SimulatorMain.runUntilShutdown(args, out));
        c.put("bench", (args, out, err) -> Bench.run(args, out));
        c.put("bench-config", (args, out, err) -> ConfigurationBench.run(args, out));
        c.put("bench-jobs", (args, out, err) -> JobBench.run(args, out));
        c.put("bench-read-side", (args, out, err) -> ReadSideBench.run(args, out));
        c.put("bench-mobility", (args, out, err) -> MobilityBench.run(args, out));
        c.put("bench-restart", (args, out, err) -> RestartBench.run(args, out));
        c.put("bench-auth", (args, out, err) -> AuthBench.run(args, out));
        c.put("bench-reports", (args, out, err) -> ReportsBench.run(args, out));
        return java.util.Collections.unmodifiableMap(c);
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Exception e) {
            // A command that failed ends the process: a benchmark's in-process server left threads behind that kept
            // a failed run alive, holding its memory, until killed.
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println("usage: deskfleet-tools COMMAND [OPTIONS] (COMMAND --help for its options); commands: "
                    + String.join(", ", COMMANDS.keySet()));
            return args.length == 0 ? 1 : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("deskfleet-tools: unknown command '" + args[0] + "' (" + String.join(", ", COMMANDS.keySet()) + ")");
            return 1;
        }
        return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
}
