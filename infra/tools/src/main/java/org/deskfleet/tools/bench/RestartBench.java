package org.deskfleet.tools.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.delivery.PendingJobsIndex;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restart with a long history: fills the embedded event store with N events, then starts the node twice and
 * prints the time to ready (delivery state current), until the API answers (the account directory current) and
 * until a DCMP poll is answered from current state (not 503): once with the pending-jobs state and the account
 * directory kept with their positions (the default), once with the earlier in-memory index and directory that
 * replay the whole store at every start ({@code deskfleet.jobs.pending-state=memory},
 * {@code deskfleet.accounts.directory-state=memory}).
 * Asserts nothing. {@code deskfleet bench-restart [--events N] [--data DIR]}
 */
public final class RestartBench {

    /** History no handler of ours reads: what matters is its length. */
    public record Filler(long n) {
    }

    private RestartBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static final String USAGE = """
            usage: deskfleet bench-restart [--events N] [--data DIR]
              --events N   events to fill the embedded store with first (default 1,000,000)
              --data DIR   an empty data directory to use (default: a new temporary one)
              --reuse      DIR was filled by an earlier run: measure the starts only
              --help       this text
            """;

    public static int run(String[] args, PrintStream out) throws Exception {
        int events = 1_000_000;
        Path data = null;
        boolean reuse = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--reuse" -> reuse = true;
                case "--events", "--data" -> {
                    if (i + 1 >= args.length) {
                        out.println("deskfleet bench-restart: " + args[i] + " needs a value");
                        return 1;
                    }
                    String v = args[++i];
                    if (args[i - 1].equals("--data")) {
                        data = Path.of(v);
                    } else if (v.matches("\\d{1,9}") && Integer.parseInt(v) > 0) {
                        events = Integer.parseInt(v);
                    } else {
                        out.println("deskfleet bench-restart: --events needs a positive whole number, not '" + v + "'");
                        return 1;
                    }
                }
                default -> {
                    out.println("deskfleet bench-restart: unknown option '" + args[i] + "'");
                    out.print(USAGE);
                    return 1;
                }
            }
        }
        if (reuse && (data == null || !Files.isDirectory(data.resolve("eventstore")))) {
            out.println("deskfleet bench-restart: --reuse needs --data with a directory an earlier run filled");
            return 1;
        }
        if (reuse) {
            out.printf("deskfleet restart benchmark: the events already in %s%n", data);
            measure(out, data, "store", "after  (state kept with its position)");
            measure(out, data, "memory", "before (in-memory index and directory, replay all)");
            return 0;
        }
        if (data == null) {
            data = BenchData.temporary("deskfleet-bench-restart");
        }
        out.printf("deskfleet restart benchmark: %,d events, data in %s%n", events, data);
        long filled = System.nanoTime();
        try (ConfigurableApplicationContext app = start(data, freePort(), "store")) {
            EventStore store = app.getBean(EventStore.class);
            List<EventMessage<?>> batch = new ArrayList<>(2_000);
            for (long i = 0; i < events; i++) {
                batch.add(GenericEventMessage.asEventMessage(new Filler(i)));
                if (batch.size() == 2_000 || i == events - 1) {
                    store.publish(batch);
                    batch = new ArrayList<>(2_000);
                }
            }
            // Every processor is put at the head (the history is none of theirs), so the runs below measure
            // only what a start costs, not a first catch-up.
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
            processing.eventProcessors().values().forEach(p -> p.shutDown());
            TokenStore tokens = app.getBean(TokenStore.class);
            TrackingToken head = store.createHeadToken();
            processing.eventProcessors().forEach((name, p) -> {
                if (p instanceof StreamingEventProcessor) {
                    for (int segment : tokens.fetchSegments(name)) {
                        tokens.storeToken(head, name, segment);
                    }
                }
            });
            out.printf("filled in %.1f s (head at %s)%n", (System.nanoTime() - filled) / 1e9, head.position().orElse(-1));
        }
        measure(out, data, "store", "after  (state kept with its position)");
        measure(out, data, "memory", "before (in-memory index and directory, replay all)");
        return 0;
    }

    private static void measure(PrintStream out, Path data, String mode, String label) throws Exception {
        int dcmpPort = freePort();
        AtomicLong firstCorrect = new AtomicLong();
        AtomicLong first503 = new AtomicLong();
        long t0 = System.nanoTime();
        Thread poller = Thread.ofPlatform().daemon().start(() -> {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
            HttpRequest poll = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dcmpPort
                    + "/dcmp/contact-me?device-id=00:1a:e8:00:00:01")).timeout(Duration.ofSeconds(2)).GET().build();
            while (firstCorrect.get() == 0) {
                try {
                    int status = http.send(poll, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 503) {
                        first503.compareAndSet(0, System.nanoTime());
                    } else if (status == 200 || status == 202) {
                        firstCorrect.set(System.nanoTime());
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        });
        try (ConfigurableApplicationContext app = start(data, dcmpPort, mode)) {
            long started = System.nanoTime();
            PendingJobsIndex index = app.getBean(PendingJobsIndex.class);
            while (!index.ready()) {
                Thread.sleep(20);
            }
            long ready = System.nanoTime();
            org.deskfleet.api.security.AccountDirectory accounts = app.getBean(org.deskfleet.api.security.AccountDirectory.class);
            while (!accounts.ready()) {
                Thread.sleep(20);
            }
            long api = System.nanoTime();
            poller.join(Duration.ofMinutes(30));
            if (firstCorrect.get() == 0) {
                out.printf("%s: ready %.1f s, but no correct DCMP answer within 30 minutes%n", label, (ready - t0) / 1e9);
                return;
            }
            out.printf("%s: context %.1f s, delivery ready %.1f s, API answers (accounts loaded) %.1f s, DCMP answers correctly after %.1f s%s%n", label,
                    (started - t0) / 1e9, (ready - t0) / 1e9, (api - t0) / 1e9, (firstCorrect.get() - t0) / 1e9,
                    first503.get() == 0 ? "" : " (503 + Retry-After from %.1f s)".formatted((first503.get() - t0) / 1e9));
        }
    }

    private static ConfigurableApplicationContext start(Path data, int dcmpPort, String mode) {
        return new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                "--deskfleet.dcmp.port=" + dcmpPort, "--deskfleet.dcmp.host=127.0.0.1", "--deskfleet.wpi.host=127.0.0.1",
                "--deskfleet.dcmp.listen=true", "--logging.level.root=WARN", "--deskfleet.jobs.pending-state=" + mode,
                "--deskfleet.accounts.directory-state=" + mode);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
