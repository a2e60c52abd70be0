package org.deskfleet.app.e2e;

import org.deskfleet.tools.cli.FollowJob;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Reason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deskfleet follow}: the CLI client against the server's jobProgress subscription over WebSocket. */
class FollowJobE2eTest extends EndToEndSupport {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** As the command does once it has the token (from DESKFLEET_TOKEN or the terminal): over wss, trusting the server's certificate. */
    private CompletableFuture<Integer> follow(String jobId) {
        String token = graphql.as("e2e-follower", "AUDITOR").token();
        java.net.URI url = java.net.URI.create("wss://127.0.0.1:" + httpPort + "/graphql");
        return CompletableFuture.supplyAsync(() -> FollowJob.follow(org.deskfleet.tools.cli.ServerTrust.clientFor(url, null, data().toString()),
                url, jobId, token, false, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    private SimulatedPhone registered(int sequence) {
        SimulatedPhone phone = SimulatedPhone.generate(4711, sequence);
        phone.setItem("contact-me-uri", "http://127.0.0.1:9/contact_dls.html/ContactDLS");
        simulator.startUp(phone).join().requireOk();
        await(() -> client(phone.mac()), c -> !c.isNull(), "registration of " + phone.mac());
        return phone;
    }

    private String refresh(SimulatedPhone phone, Integer timeoutSeconds) {
        String options = timeoutSeconds == null ? "" : ", options: {timeoutSeconds: " + timeoutSeconds + "}";
        return graphql.data("mutation($ids: [ID!]) { refreshClients(targets: {deviceIds: $ids}" + options + ") { jobId } }",
                Map.of("ids", List.of(phone.mac()))).get("refreshClients").get("jobId").asText();
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void followsAJobUntilThePhoneHasTakenIt() throws Exception {
        SimulatedPhone phone = registered(1);
        String jobId = refresh(phone, null);
        CompletableFuture<Integer> exit = follow(jobId);
        await(() -> output() + err, o -> o.contains("/1"), "the job's state now");

        simulator.interact(phone, Reason.LOCAL_CHANGES).join().requireOk();

        assertThat(exit.get(30, TimeUnit.SECONDS)).as(output() + err).isZero();
        assertThat(output()).contains("job " + jobId + " SUCCESS  1 target  ok 1  partial 0  failed 0  timeout 0");
        assertThat(output().lines().count()).isLessThan(10);
    }

    @Test
    void aJobThatTimesOutExitsThree() throws Exception {
        SimulatedPhone phone = registered(2);
        String jobId = refresh(phone, 1);
        long start = System.nanoTime();
        CompletableFuture<Integer> exit = follow(jobId);
        assertThat(exit.get(30, TimeUnit.SECONDS)).as(output() + err).isEqualTo(3);
        assertThat(output()).contains("job " + jobId + " TIMEOUT  1 target  ok 0  partial 0  failed 0  timeout 1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void anUnknownJobIsAnErrorWithTheServersMessage() throws Exception {
        assertThat(follow("job-does-not-exist").get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no job job-does-not-exist");
    }
}
