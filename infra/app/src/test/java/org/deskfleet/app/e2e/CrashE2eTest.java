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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the server (a process of its own, embedded default stores), then a restart on the same data:
 * in the middle of a configuration job's fan-out to 2,000 live phones, in the middle of interactions (phones holding
 * their replies), and during a firmware job (phones rebooting while the server is down). Every job ends in its
 * correct state, every phone has what the job brings, and no phone whose result was recorded before the kill gets
 * the work again. What the server answered just before the kill is there after it: the embedded event store writes
 * each commit through to its file, and the embedded read store saves only a prefix of what it answered. (A phone
 * in the middle of its interaction at the kill may be given the work once more: its result was never recorded.)
 */
class CrashE2eTest {

    static final String SNTP = "general.date-time.sntp-server-address";
    /** The fan-out test's fleet; {@code -Ddeskfleet.crash.phones=40} for a quick local run. */
    static final int PHONES = Integer.getInteger("deskfleet.crash.phones", 2_000);

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
            Process first = startServer(wpiPort, httpPort, 1, fanOutRate());
            try {
                GraphQlClient graphql = registered(first, httpPort, fleet, 8, Duration.ofSeconds(240));
                jobId = graphql.data("""
                        mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "crash"},
                          changes: [{parameter: "%s", value: "10.7.7.7"}]) { jobId } }""".formatted(SNTP),
                        Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList())).get("submitConfiguration").get("jobId").asText();
                // Contact-me is rate-limited (a minute's fan-out): kill once some, not all, targets are done.
                JsonNode mid = EndToEndSupport.await(() -> job(graphql, jobId), j -> !j.isNull() && succeeded(j).size() >= Math.max(5, PHONES / 8),
                        "some targets done", Duration.ofSeconds(240));
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

            Process second = startServer(wpiPort, httpPort, 2, fanOutRate());
            try {
                awaitReady(httpPort, second);
                GraphQlClient graphql = new GraphQlClient(httpPort, data);
                JsonNode done = EndToEndSupport.await(() -> job(graphql, jobId),
                        j -> !j.isNull() && j.get("state").asText().equals("SUCCESS") && succeeded(j).size() == PHONES,
                        "the job to end with every target done", Duration.ofSeconds(900));
                // Per target, as the job's read model shows each one.
                assertThat(succeeded(done)).hasSize(PHONES);
                // A job of 2,000 targets lists them in two parts: the last phone's desired value came with the second.
                String last = phones.getLast().mac();
                assertThat(EndToEndSupport.await(() -> graphql.data("query($id: ID!) { client(deviceId: $id) { desired { parameter value } } }",
                                Map.of("id", last)).get("client").get("desired"),
                        d -> d.toString().contains("10.7.7.7"), "the desired value of the last target", Duration.ofSeconds(60)).toString())
                        .contains(SNTP);
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

    /**
     * Killed while phones hold their replies: they have taken the new value, the server waits for their answer. After
     * the restart their targets are still open (nothing was recorded): they are written once more and end SUCCESS;
     * phones recorded before the kill are not written again.
     */
    @Test
    void killedMidInteractionTheOpenTargetsAreDoneAfterTheRestart() throws Exception {
        int wpiPort = freePort();
        int httpPort = freePort();
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4802, 0, 12);
        List<SimulatedPhone> holding = phones.subList(0, 4);
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(wpi), phones, LiveOptions.defaults())) {
            String jobId;
            Set<String> recordedBeforeKill = new HashSet<>();
            Process first = startServer(wpiPort, httpPort, 1, 20);
            try {
                GraphQlClient graphql = registered(first, httpPort, fleet, 4, Duration.ofSeconds(60));
                for (SimulatedPhone p : holding) {
                    p.setSlowReplyDelay(Duration.ofSeconds(25)); // past the kill, well before the restart is over
                    p.setMisbehaviour(org.deskfleet.simulator.Misbehaviour.SLOW);
                }
                jobId = graphql.data("""
                        mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "crash"},
                          changes: [{parameter: "%s", value: "10.8.8.8"}]) { jobId } }""".formatted(SNTP),
                        Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList())).get("submitConfiguration").get("jobId").asText();
                // the holding phones have the value and keep their answer; the others are done
                EndToEndSupport.await(() -> holding.stream().filter(p -> p.value("sntp-addr").orElse("").contains("10.8.8.8")).count(),
                        n -> n == holding.size(), "the holding phones written", Duration.ofSeconds(90));
                JsonNode mid = EndToEndSupport.await(() -> job(graphql, jobId), j -> !j.isNull() && succeeded(j).size() == phones.size() - holding.size(),
                        "every other target done", Duration.ofSeconds(90));
                recordedBeforeKill.addAll(succeeded(mid));
                first.destroyForcibly();
                first.waitFor();
            } finally {
                first.destroyForcibly();
            }
            for (SimulatedPhone p : holding) {
                p.setMisbehaviour(org.deskfleet.simulator.Misbehaviour.NONE);
                assertThat(recordedBeforeKill).doesNotContain(DeviceId.parse(p.mac()).value());
            }

            Process second = startServer(wpiPort, httpPort, 2, 20);
            try {
                awaitReady(httpPort, second);
                GraphQlClient graphql = new GraphQlClient(httpPort, data);
                EndToEndSupport.await(() -> job(graphql, jobId),
                        j -> !j.isNull() && j.get("state").asText().equals("SUCCESS") && succeeded(j).size() == phones.size(),
                        "the job to end with every target done", Duration.ofSeconds(120));
                Map<String, Integer> writesNow = writes(fleet);
                for (LivePhone p : fleet.phones()) {
                    String id = DeviceId.parse(p.mac()).value();
                    assertThat(p.phone().value("sntp-addr")).as(id).contains("10.8.8.8");
                    if (recordedBeforeKill.contains(id)) {
                        assertThat(writesNow.get(id)).as("writes to %s in all, done before the kill", id).isEqualTo(1);
                    } else {
                        // its cut interaction is counted once it ended (after the kill): one write before, one after
                        assertThat(writesNow.get(id)).as("writes to %s in all, its answer cut by the kill; its interactions: %s", id,
                                p.interactions().stream().map(t -> t.reason() + " " + t.actions() + (t.ok() ? "" : " " + t.failure())).toList())
                                .isEqualTo(2);
                    }
                }
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }
        }
    }

    /**
     * Killed during a firmware job: some phones are back with the new version, some are rebooting (and find no
     * server: they try their start-up again), some not yet reached. After the restart every phone ends on the new
     * version and the job SUCCESS; a phone recorded before the kill, or given the image and awaiting its start-up,
     * is not given the image again.
     */
    @Test
    void killedDuringAFirmwareJobEveryPhoneEndsOnTheNewVersion() throws Exception {
        int wpiPort = freePort();
        int httpPort = freePort();
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4803, 0, 12);
        String version = "V9 R9.9.9";
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(wpi), phones, LiveOptions.defaults().withRebootDelay(Duration.ofSeconds(3)))) {
            String jobId;
            Set<String> doneBeforeKill = new HashSet<>();
            Process first = startServer(wpiPort, httpPort, 1, 2);
            try {
                GraphQlClient graphql = registered(first, httpPort, fleet, 4, Duration.ofSeconds(60));
                jobId = graphql.data("""
                        mutation($ids: [ID!]) { deploySoftware(targets: {deviceIds: $ids}, options: {timeoutSeconds: 600},
                          software: {url: "https://files.example.net/fw/os.img", softwareType: "Siemens SIP", version: "%s"}) { jobId } }
                        """.formatted(version), Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList()))
                        .get("deploySoftware").get("jobId").asText();
                JsonNode mid = EndToEndSupport.await(() -> job(graphql, jobId), j -> !j.isNull() && succeeded(j).size() >= 3,
                        "some phones back on the new version", Duration.ofSeconds(120));
                doneBeforeKill.addAll(succeeded(mid));
                first.destroyForcibly();
                first.waitFor();
            } finally {
                first.destroyForcibly();
            }
            assertThat(doneBeforeKill.size()).isLessThan(phones.size());
            Map<String, Integer> imagesAtKill = count(fleet, Action.SOFTWARE_DEPLOYMENT);

            Process second = startServer(wpiPort, httpPort, 2, 2);
            try {
                awaitReady(httpPort, second);
                GraphQlClient graphql = new GraphQlClient(httpPort, data);
                EndToEndSupport.await(() -> job(graphql, jobId),
                        j -> !j.isNull() && j.get("state").asText().equals("SUCCESS") && succeeded(j).size() == phones.size(),
                        "the firmware job to end with every phone on " + version, Duration.ofSeconds(180));
                Map<String, Integer> imagesNow = count(fleet, Action.SOFTWARE_DEPLOYMENT);
                for (LivePhone p : fleet.phones()) {
                    String id = DeviceId.parse(p.mac()).value();
                    assertThat(p.phone().softwareVersion()).as(id).isEqualTo(version);
                    assertThat(imagesNow.get(id)).as("images given to %s in all", id).isBetween(1, 2);
                    if (doneBeforeKill.contains(id) || imagesAtKill.get(id) > 0 && imagesNow.get(id).equals(imagesAtKill.get(id))) {
                        assertThat(imagesNow.get(id)).as("images given to %s", id).isEqualTo(imagesAtKill.get(id));
                    }
                }
                // a phone given the image before the kill and not recorded done is given it again only if the kill
                // cut its interaction; the others (recorded delivered, awaiting their start-up) are not
                long givenAgain = fleet.phones().stream().map(p -> DeviceId.parse(p.mac()).value())
                        .filter(id -> imagesAtKill.get(id) > 0 && imagesNow.get(id) > imagesAtKill.get(id)).count();
                assertThat(givenAgain).as("phones given the image again after the kill").isLessThanOrEqualTo(1);
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }
        }
    }

    /** The server ready, every phone of the fleet registered and shown by the read side; signed in to it. */
    private GraphQlClient registered(Process server, int httpPort, LiveFleet fleet, int concurrency, Duration visible) {
        awaitReady(httpPort, server);
        int phones = fleet.phones().size();
        assertThat(fleet.startUpAll(concurrency).registered()).isEqualTo(phones);
        GraphQlClient graphql = new GraphQlClient(httpPort, data);
        EndToEndSupport.await(() -> graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                n -> n == phones, phones + " clients", visible);
        return graphql;
    }

    private static Map<String, Integer> writes(LiveFleet fleet) {
        return count(fleet, Action.WRITE_ITEMS);
    }

    private static Map<String, Integer> count(LiveFleet fleet, Action action) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (LivePhone p : fleet.phones()) {
            out.put(DeviceId.parse(p.mac()).value(), DeliveryRestartE2eTest.count(p, action));
        }
        return out;
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
        return graphql.data("query($id: ID!) { job(id: $id, targetsFirst: 5000) { state counts { succeeded } targets { deviceId state } } }",
                Map.of("id", id)).get("job");
    }

    /** Contact-me per second for the fan-out: a few for a small fleet, about a minute's worth for a large one. */
    private static int fanOutRate() {
        return Math.max(3, PHONES / 60);
    }

    /** The server as a process that can be killed, with this test's delivery settings. */
    private Process startServer(int wpiPort, int httpPort, int start, int contactsPerSecond) throws IOException {
        return ServerProcess.start(data, httpPort, wpiPort, start, "512m", List.of(
                "--deskfleet.contact-me.max-per-second=" + contactsPerSecond,
                "--deskfleet.contact-me.gap=2s", "--deskfleet.jobs.recontact=4s", "--deskfleet.jobs.first-backoff=1s",
                "--deskfleet.wpi.contact-flush-interval=200ms",
                // Every simulated phone calls from the one loopback address; in a fleet each phone has its own.
                "--deskfleet.wpi.max-connections-per-address=" + (PHONES + 64),
                "--deskfleet.wpi.max-interactions-per-address=512"));
    }

    private void awaitReady(int httpPort, Process server) {
        ServerProcess.awaitReady(data, httpPort, server);
    }

    private static int freePort() throws IOException {
        return EndToEndSupport.unusedPort();
    }
}
