package org.deskfleet.app;

import org.deskfleet.simulator.SimulatorMain;
import org.deskfleet.simulator.bench.Bench;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

/**
 * The deskfleet server. The same jar also runs the phone simulator ({@code simulate}) and the load
 * benchmark ({@code bench}) without starting the server, so operators need nothing else to try it; and
 * {@code follow} shows a job's live progress from a running server.
 */
@SpringBootApplication(scanBasePackages = "org.deskfleet")
@ConfigurationPropertiesScan("org.deskfleet.app")
public class DeskfleetApplication {

    static {
        // No calls home: operators run this in closed networks; Axon's update check is opt-in here.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("follow")) {
            System.exit(org.deskfleet.app.cli.FollowJob.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("login")) {
            System.exit(org.deskfleet.app.cli.CliSignIn.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("bench-auth")) {
            System.exit(org.deskfleet.app.bench.AuthBench.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("bench-restart")) {
            System.exit(org.deskfleet.app.bench.RestartBench.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("bench-jobs")) {
            System.exit(org.deskfleet.app.bench.JobBench.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("rebuild")) {
            System.exit(org.deskfleet.app.cli.RebuildProjection.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("bench-read-side")) {
            System.exit(org.deskfleet.app.bench.ReadSideBench.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("bench-mobility")) {
            System.exit(org.deskfleet.app.bench.MobilityBench.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("bench-config")) {
            System.exit(org.deskfleet.app.bench.ConfigurationBench.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && (args[0].equals("simulate") || args[0].equals("bench"))) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            int code = args[0].equals("simulate") ? SimulatorMain.runUntilShutdown(rest, System.out) : Bench.run(rest, System.out);
            System.exit(code);
        }
        SpringApplication.run(DeskfleetApplication.class, args);
    }
}
