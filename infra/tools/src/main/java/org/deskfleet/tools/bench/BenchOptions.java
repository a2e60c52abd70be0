package org.deskfleet.tools.bench;

import java.io.PrintStream;
import java.util.Set;

/** The benches' command lines: {@code --help} prints the usage, an unknown option or a missing value is refused before any work starts. */
final class BenchOptions {

    private BenchOptions() {
    }

    /**
     * @return {@code null} when the arguments are fine; otherwise the exit code to end with (0 after the usage
     * was asked for, 1 after a refusal, with the reason and the usage on stderr)
     */
    static Integer check(String command, String[] args, Set<String> valued, String usage, PrintStream out) {
        return check(command, args, valued, Set.of(), usage, out);
    }

    /** As above, with options that take no value ({@code flags}). */
    static Integer check(String command, String[] args, Set<String> valued, Set<String> flags, String usage, PrintStream out) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.print(usage);
                return 0;
            }
            if (flags.contains(a)) {
                continue;
            }
            String problem = !valued.contains(a) ? "unknown option '" + a + "'"
                    : i + 1 >= args.length ? a + " needs a value" : null;
            if (problem != null) {
                System.err.println("deskfleet " + command + ": " + problem);
                System.err.print(usage);
                return 1;
            }
            i++;
        }
        return null;
    }
}
