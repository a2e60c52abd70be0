package org.deskfleet.tools.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.HttpsConfiguration;
import org.deskfleet.app.config.WpiConfiguration;
import org.deskfleet.simulator.lab.RoundRobinForwarder;
import org.deskfleet.simulator.lab.ThrowawayPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * The server(s) a benchmark runs against: one node in this process on the embedded stores, or two node
 * processes sharing a throwaway PostgreSQL event store and one MongoDB-wire server, behind a round-robin TCP
 * balancer for WPI (the production shape: phones do not stick to a node). Either way: an API port, the
 * certificate to trust for it, and the WPI port phones call.
 */
interface BenchNodes extends AutoCloseable {

    int httpPort();

    Path certificate();

    int wpiPort();

    /** What else runs, for the printed figures. */
    String describe();

    @Override
    void close() throws Exception;

    /** One node in this process, on the embedded stores, with the benchmark's settings. */
    static BenchNodes inProcess(Path data, List<String> settings) {
        List<String> args = new ArrayList<>(List.of("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0",
                "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--logging.level.root=WARN"));
        args.addAll(settings);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class).run(args.toArray(String[]::new));
        int http = ((WebServerApplicationContext) app).getWebServer().getPort();
        int wpi = app.getBean(WpiConfiguration.WpiListener.class).port();
        return new BenchNodes() {
            public int httpPort() {
                return http;
            }

            public Path certificate() {
                return HttpsConfiguration.certificateFile(data);
            }

            public int wpiPort() {
                return wpi;
            }

            public String describe() {
                return "one node in the benchmark's process (embedded event store and read store)";
            }

            public void close() {
                app.close();
            }
        };
    }

    /**
     * Two node processes (heap {@code heap} each) on a PostgreSQL cluster of their own and one MongoDB-wire server
     * in this process; the contact-me rate given is the fleet's, so each node gets its share of it.
     */
    static BenchNodes twoNodes(Path data, List<String> settings, String heap, PrintStream out) throws Exception {
        String why = ThrowawayPostgres.unavailable();
        if (why != null) {
            throw new IllegalStateException("two nodes need PostgreSQL: " + why);
        }
        // No Spring context in this process: its own log (the MongoDB-wire server's) is quiet as the nodes' are.
        org.springframework.boot.logging.LoggingSystem logging = org.springframework.boot.logging.LoggingSystem.get(BenchNodes.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(org.springframework.boot.logging.LoggingSystem.ROOT_LOGGER_NAME, org.springframework.boot.logging.LogLevel.WARN);
        ThrowawayPostgres postgres = ThrowawayPostgres.start();
        MongoServer mongo = new MongoServer(new H2Backend(org.h2.mvstore.MVStore.open(null)));
        List<Process> processes = new ArrayList<>();
        try {
            mongo.bind("127.0.0.1", 0);
            int mongoPort = mongo.getLocalAddress().getPort();
            String masterKey = key();
            String sealingKey = key();
            List<Integer> wpiPorts = new ArrayList<>();
            List<Integer> httpPorts = new ArrayList<>();
            for (String id : List.of("a", "b")) {
                Path dir = Files.createDirectories(data.resolve(id));
                int wpi = freePort();
                int http = freePort();
                List<String> cmd = new ArrayList<>(javaCommand(heap));
                cmd.addAll(List.of("--deskfleet.node.id=" + id, "--deskfleet.eventstore=postgres",
                        "--deskfleet.postgres.url=" + postgres.url(), "--deskfleet.postgres.username=" + ThrowawayPostgres.USER,
                        "--deskfleet.data=" + dir, "--server.port=" + http, "--deskfleet.wpi.port=" + wpi,
                        "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                        "--logging.level.root=WARN"));
                cmd.addAll(settings);
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolve(id + ".log").toFile());
                pb.environment().put("MONGO_URI", "mongodb://127.0.0.1:" + mongoPort + "/deskfleet");
                pb.environment().put("DESKFLEET_MASTER_KEY", masterKey);
                pb.environment().put("DESKFLEET_SEALING_KEY", sealingKey);
                Process p = pb.start();
                processes.add(p);
                // One after the other: the first node makes the device CA and keys and publishes them.
                awaitReady(p, id, http, dir, data.resolve(id + ".log"));
                out.printf("node %s ready (log %s)%n", id, data.resolve(id + ".log"));
                wpiPorts.add(wpi);
                httpPorts.add(http);
            }
            RoundRobinForwarder balancer = new RoundRobinForwarder(wpiPorts);
            return new BenchNodes() {
                public int httpPort() {
                    return httpPorts.get(0);
                }

                public Path certificate() {
                    return HttpsConfiguration.certificateFile(data.resolve("a"));
                }

                public int wpiPort() {
                    return balancer.port();
                }

                public String describe() {
                    return "two node processes (-Xmx" + heap + " each) on PostgreSQL " + "(throwaway cluster) and one MongoDB-wire "
                            + "server in the benchmark's process, phones through a round-robin TCP balancer; connections a="
                            + balancer.connections(0) + " b=" + balancer.connections(1);
                }

                public void close() throws Exception {
                    balancer.close();
                    stop(processes);
                    mongo.shutdownNow();
                    postgres.close();
                }
            };
        } catch (Exception | Error e) {
            stop(processes);
            mongo.shutdownNow();
            postgres.close();
            throw e;
        }
    }

    private static void stop(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The server started from what this process runs: the tools' executable jar (Spring Boot's launcher picks the
     * server's main class from it) or, from a build tree, the same class path.
     */
    private static List<String> javaCommand(String heap) throws IOException {
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(javaBinary, "-Xmx" + heap, "-cp", classPath));
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar") && bootJar(Path.of(classPath))) {
            cmd.addAll(List.of("-Dloader.main=" + DeskfleetApplication.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            cmd.add(DeskfleetApplication.class.getName());
        }
        return cmd;
    }

    private static boolean bootJar(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/") != null || zip.getEntry("BOOT-INF/classes/") != null;
        }
    }

    private static void awaitReady(Process p, String id, int http, Path dir, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("node " + id + " ended with " + p.exitValue() + "; see " + log);
            }
            if (Files.exists(HttpsConfiguration.certificateFile(dir))) {
                try {
                    HttpClient client = org.deskfleet.tools.cli.ServerTrust.httpClient(HttpsConfiguration.certificateFile(dir));
                    int status = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + http + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("node " + id + " not ready within 3 minutes; see " + log);
    }

    private static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
