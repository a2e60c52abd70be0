package org.deskfleet.app.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server as a process of its own, on the test's class path, so that a test can kill it ({@code kill -9}: no
 * shutdown hook, no flush); its log beside its data directory, one per start.
 */
final class ServerProcess {

    private ServerProcess() {
    }

    /** Starts the server on {@code data} with the listeners on loopback, and these settings besides. */
    static Process start(Path data, int httpPort, int wpiPort, int start, String heap, List<String> settings) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.deskfleet.app.DeskfleetApplication",
                "--deskfleet.data=" + data, "--server.port=" + httpPort, "--deskfleet.wpi.port=" + wpiPort,
                "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--deskfleet.contact-me.allowed-networks=127.0.0.0/8", "--spring.graphql.graphiql.enabled=false"));
        cmd.addAll(settings);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(data, start).toFile()).start();
    }

    /** The log of the server's {@code start}-th start on {@code data}. */
    static Path log(Path data, int start) {
        return data.resolveSibling(data.getFileName() + "-server-" + start + ".log");
    }

    /** Readiness, as a probe asks it: HTTPS, no account (the certificate is the server's own, made at its first start). */
    static void awaitReady(Path data, int httpPort, Process server) {
        EndToEndSupport.await(() -> {
            if (!server.isAlive()) {
                throw new AssertionError("the server process ended with " + server.exitValue());
            }
            if (!Files.exists(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data))) {
                return -1;
            }
            try {
                // A client of its own per probe, not the cached one: a trust built while the server was still making
                // its certificate would be kept for good (every later handshake refused: "last: -1" for 3 minutes).
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                        .sslContext(ServerCertificateTrust.trusting(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data)))
                        .build();
                return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }, status -> status == 200, "the server ready", Duration.ofSeconds(180));
    }
}
