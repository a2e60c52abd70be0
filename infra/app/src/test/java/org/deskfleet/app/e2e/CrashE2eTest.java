package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.deskfleet.wpi.codec.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the server (a process of its own, embedded default stores) in the middle of a configuration
 * job's fan-out to live phones; then a restart on the same data. The job ends correct, every phone has the
 * job's value, and no phone whose result was recorded before the kill is written again. What the server answered
 * just before the kill is there after it: the embedded event store writes each commit through to its file. (A phone in the middle
 * of its interaction at the kill may be written once more: a configuration written twice is the same.)
 */
class CrashE2eTest {

    static final String SNTP = "general.date-time.sntp-server-address";
    static final int PHONES = 40;

    @TempDir
    Path data;

    @Test
    void killedMidFanOutTheJobEndsCorrectAfterARestartAndNothingRecordedIsDeliveredAgain() throws Exception {
        int wpiPort = freePort();
        int httpPort = freePort();
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4801, 0, PHONES);
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(wpi), phones, LiveOptions.defaults())) {
            String jobId;
            Set<String> recordedBeforeKill = new HashSet<>();
            Map<String, Integer> writesAtKill = new java.util.HashMap<>();
            Process first = startServer(wpiPort, httpPort, 1);
            try {
                awaitReady(httpPort, first);
                assertThat(fleet.startUpAll(8).registered()).isEqualTo(PHONES);
                GraphQlClient graphql = new GraphQlClient(httpPort, data);
                EndToEndSupport.await(() -> graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                        n -> n == PHONES, PHONES + " clients", Duration.ofSeconds(90));
                jobId = graphql.data("""
                        mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "crash"},
                          changes: [{parameter: "%s", value: "10.7.7.7"}]) { jobId } }""".formatted(SNTP),
                        Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList())).get("submitConfiguration").get("jobId").asText();
                // Contact-me is rate-limited to a few per second: kill once some, not all, targets are done.
                JsonNode mid = EndToEndSupport.await(() -> job(graphql, jobId), j -> !j.isNull() && succeeded(j).size() >= 5,
                        "some targets done", Duration.ofSeconds(120));
                recordedBeforeKill.addAll(succeeded(mid));
                // An answered command is durable: the account created just before the kill is there after it.
                graphql.data("mutation($a: NewAccount!) { createAccount(account: $a) { userName } }", Map.of("a",
                        Map.of("userName", "kim", "roles", List.of("OPERATOR"), "password", GraphQlClient.INITIAL_PASSWORD)));
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                first.waitFor();
                // A phone slow to answer under load may have been written twice before its result was recorded
                // (a deferred interaction tried again: the same values); what counts is what comes after the kill.
                for (LivePhone p : fleet.phones()) {
                    writesAtKill.put(DeviceId.parse(p.mac()).value(), DeliveryRestartE2eTest.count(p, Action.WRITE_ITEMS));
                }
            } finally {
                first.destroyForcibly();
            }
            assertThat(recordedBeforeKill.size()).isLessThan(PHONES);

            Process second = startServer(wpiPort, httpPort, 2);
            try {
                awaitReady(httpPort, second);
                GraphQlClient graphql = new GraphQlClient(httpPort, data);
                JsonNode done = EndToEndSupport.await(() -> job(graphql, jobId),
                        j -> !j.isNull() && j.get("state").asText().equals("SUCCESS") && succeeded(j).size() == PHONES,
                        "the job to end with every target done", Duration.ofSeconds(180));
                // Per target, as the job's read model shows each one.
                assertThat(succeeded(done)).hasSize(PHONES);
                assertThat(EndToEndSupport.await(() -> graphql.data("{ account(userName: \"kim\") { userName } }").get("account"),
                        a -> !a.isNull(), "the account answered just before the kill", Duration.ofSeconds(30))
                        .get("userName").asText()).isEqualTo("kim");
                for (LivePhone p : fleet.phones()) {
                    String id = DeviceId.parse(p.mac()).value();
                    int writes = DeliveryRestartE2eTest.count(p, Action.WRITE_ITEMS);
                    assertThat(p.phone().value("sntp-addr")).as(id).contains("10.7.7.7");
                    if (recordedBeforeKill.contains(id)) {
                        assertThat(writes).as("writes to %s after the kill, done before it", id).isEqualTo(writesAtKill.get(id));
                    } else {
                        // Known gap: on a machine loaded far beyond its cores a phone not recorded before the kill
                        // has been seen written twice after the restart (the same values); recorded ones never again.
                        assertThat(writes - writesAtKill.get(id)).as("writes to %s after the kill", id).isBetween(0, 2);
                        assertThat(writes).as("writes to %s", id).isPositive();
                    }
                }
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }
        }
    }

    private static Set<String> succeeded(JsonNode job) {
        Set<String> out = new HashSet<>();
        job.get("targets").forEach(t -> {
            if (t.get("state").asText().equals("SUCCESS")) {
                out.add(t.get("deviceId").asText());
            }
        });
        return out;
    }

    private static JsonNode job(GraphQlClient graphql, String id) {
        return graphql.data("query($id: ID!) { job(id: $id, targetsFirst: 1000) { state counts { succeeded } targets { deviceId state } } }",
                Map.of("id", id)).get("job");
    }

    /** The server as a process of its own, on this test's class path, so that it can be killed. */
    /** The server's log beside its data directory, one per start (the first one's is what a crash analysis needs). */
    private Process startServer(int wpiPort, int httpPort, int start) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.deskfleet.app.DeskfleetApplication",
                "--deskfleet.data=" + data, "--server.port=" + httpPort, "--deskfleet.wpi.port=" + wpiPort,
                "--deskfleet.wpi.secure-port=0", "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--deskfleet.contact-me.allowed-networks=127.0.0.0/8", "--deskfleet.contact-me.max-per-second=3",
                "--deskfleet.contact-me.gap=2s", "--deskfleet.jobs.recontact=4s", "--deskfleet.jobs.first-backoff=1s",
                "--deskfleet.wpi.contact-flush-interval=200ms", "--spring.graphql.graphiql.enabled=false"));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + "-server-" + start + ".log").toFile())
                .start();
    }

    /** Readiness, as a probe asks it: HTTPS, no account (the certificate is the server's own, made at its first start). */
    private void awaitReady(int httpPort, Process server) {
        EndToEndSupport.await(() -> {
            if (!server.isAlive()) {
                throw new AssertionError("the server process ended with " + server.exitValue());
            }
            if (!java.nio.file.Files.exists(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data))) {
                return -1;
            }
            try {
                HttpClient http = GraphQlClient.client(httpPort, data);
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

    private static int freePort() throws IOException {
        return EndToEndSupport.unusedPort();
    }
}
