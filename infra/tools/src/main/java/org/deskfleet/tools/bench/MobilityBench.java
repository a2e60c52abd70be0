package org.deskfleet.tools.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.WpiConfiguration;
import org.deskfleet.kernel.mobility.RegisterMobileUser;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.simulator.mobility.MobileSession;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hot-desking morning on the embedded stack: N users registered, N phones with mobility started up, then
 * every user logs on at a phone of their own over WPI (logon, restart, user-data files: three interactions),
 * C at a time. Prints logons per second and the latency of a whole logon (p50, p99, max); asserts nothing.
 */
public final class MobilityBench {

    private static final Set<String> OPTIONS = Set.of("--users", "--concurrency", "--data");
    private static final String USAGE = """
            usage: deskfleet bench-mobility [--users N] [--concurrency C] [--data DIR]
              --users N        users and phones, one user per phone (default 2000)
              --concurrency C  logons in flight at once (default 32)
              --data DIR       data directory of the embedded stores (default: a new temporary one)
            """;

    private MobilityBench() {
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                out.print("unknown or incomplete option '" + args[i] + "'\n" + USAGE);
                return 1;
            }
        }
        int users = ConfigurationBench.intArg(args, "--users", 2_000);
        int concurrency = ConfigurationBench.intArg(args, "--concurrency", 32);
        List<String> a = List.of(args);
        Path data = a.contains("--data") ? Path.of(args[a.indexOf("--data") + 1]) : BenchData.temporary("deskfleet-bench-mobility");
        out.printf("deskfleet mobility benchmark: a hot-desking morning, %d users logging on at %d phones, %d at a time, data in %s%n",
                users, users, concurrency, data);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class)
                .run("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                        "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1", "--logging.level.root=WARN",
                        "--deskfleet.wpi.max-interactions=" + Math.max(200, concurrency * 4))) {
            CommandGateway commands = app.getBean(CommandGateway.class);
            int wpiPort = app.getBean(WpiConfiguration.WpiListener.class).port();
            long seed = System.currentTimeMillis();
            List<String> numbers = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                numbers.add(String.format(Locale.ROOT, "4969%09d", (seed % 1000) * 1_000_000 + i));
            }
            Instant t0 = Instant.now();
            Semaphore inFlight = new Semaphore(16);
            List<CompletableFuture<Object>> registered = new ArrayList<>();
            for (String n : numbers) {
                inFlight.acquireUninterruptibly();
                registered.add(commands.send(new RegisterMobileUser(n, null, "4711", "bench", null, Instant.now()))
                        .whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)).join();
            out.printf("users registered: %d in %.1f s%n", users, Duration.between(t0, Instant.now()).toMillis() / 1000.0);

            List<SimulatedPhone> phones = SimulatedPhone.fleet(seed, 0, users);
            phones.forEach(MobileSession::enableMobility);
            try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE))) {
                PhoneSimulator simulator = new PhoneSimulator(wpi);
                RunReport up = simulator.run(phones, concurrency);
                out.printf("phones started up: %d of %d in %.1f s%n", up.registered(), users, up.elapsed().toMillis() / 1000.0);
                // Logon needs the user's settings only (from the aggregate); the profile step needs the read
                // model to know the logon, which it does a moment later: wait until it holds every user.
                Thread.sleep(2000);

                MobileSession session = new MobileSession(simulator);
                List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
                AtomicInteger failed = new AtomicInteger();
                List<String> failures = Collections.synchronizedList(new ArrayList<>());
                Semaphore permits = new Semaphore(concurrency);
                List<CompletableFuture<?>> all = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < users; i++) {
                    permits.acquireUninterruptibly();
                    all.add(session.logon(phones.get(i), numbers.get(i), "4711").whenComplete((o, e) -> {
                        if (e != null || !o.ok()) {
                            failed.incrementAndGet();
                            if (failures.size() < 3) {
                                failures.add(e != null ? e.toString() : o.failure());
                            }
                        } else {
                            latencies.add(o.took().toMillis());
                        }
                        permits.release();
                    }));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
                double seconds = (System.nanoTime() - start) / 1e9;
                List<Long> sorted = new ArrayList<>(latencies);
                Collections.sort(sorted);
                out.printf("logons: %d ok, %d failed in %.1f s: %.1f logons/s (%.1f interactions/s)%n", sorted.size(), failed.get(),
                        seconds, sorted.size() / seconds, sorted.size() * 3 / seconds);
                out.printf("whole logon (logon, restart, user data): p50 %d ms, p99 %d ms, max %d ms%n",
                        pct(sorted, 50), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.getLast());
                failures.forEach(f -> out.println("failure: " + f));
            }
        }
        return 0;
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
