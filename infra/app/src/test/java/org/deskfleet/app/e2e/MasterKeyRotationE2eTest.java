package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master key wrapping the per-client data keys is rotated on a running installation: a secret submitted under
 * the old key is delivered after the server has been restarted with the new key only. In between, a start with
 * the new key and the old one as previous wraps every data key anew.
 */
class MasterKeyRotationE2eTest {

    private static final String SIP_PASSWORD = "telephony.sip-settings.sip-credentials-password";
    private static final String SECRET = "rotated-Secret-6601";

    @TempDir
    Path data;

    @Test
    void aSecretSubmittedUnderTheOldKeyIsDeliveredUnderTheNewOne() throws Exception {
        int httpPort = EndToEndSupport.unusedPort();
        int wpiPort = EndToEndSupport.unusedPort();
        SimulatedPhone phone = SimulatedPhone.generate(6601, 0);
        String jobId;
        // 1. The old key (made at the first start, in keys/master.key): the phone registers; a secret is submitted
        // while the phone cannot be reached (no contact-me listener), so it waits, encrypted, in the event store.
        Process first = ServerProcess.start(data, httpPort, wpiPort, 1, "384m", List.of());
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE))) {
            ServerProcess.awaitReady(data, httpPort, first);
            assertThat(new PhoneSimulator(wpi).startUp(phone).join().requireOk().registered()).isTrue();
            GraphQlClient graphql = new GraphQlClient(httpPort, data);
            EndToEndSupport.await(() -> graphql.data("query($id: ID!) { client(deviceId: $id) { deviceId } }",
                    Map.of("id", phone.mac())).get("client"), c -> !c.isNull(), "the phone listed");
            jobId = graphql.data("""
                    mutation($ids: [ID!], $v: String) { submitConfiguration(targets: {deviceIds: $ids},
                      changes: [{parameter: "%s", value: $v}]) { jobId } }""".formatted(SIP_PASSWORD),
                    Map.of("ids", List.of(phone.mac()), "v", SECRET)).get("submitConfiguration").get("jobId").asText();
        } finally {
            stop(first);
        }
        String oldKey = Base64.getEncoder().encodeToString(Files.readAllBytes(data.resolve("keys").resolve("master.key")));
        byte[] next = new byte[32];
        new SecureRandom().nextBytes(next);
        String newKey = Base64.getEncoder().encodeToString(next);

        // 2. The new key, the old one as previous: every data key is wrapped anew.
        Process second = ServerProcess.start(data, httpPort, wpiPort, 2, "384m",
                List.of("--DESKFLEET_MASTER_KEY=" + newKey, "--DESKFLEET_PREVIOUS_MASTER_KEYS=" + oldKey));
        try {
            ServerProcess.awaitReady(data, httpPort, second);
            String log = EndToEndSupport.await(() -> read(ServerProcess.log(data, 2)),
                    l -> l.contains("data keys wrapped anew under master key"), "the re-wrap logged", Duration.ofSeconds(60));
            assertThat(log).containsPattern("data keys wrapped anew under master key [0-9a-f]{16}: [1-9]\\d*; not openable with any known key: 0");
            assertThat(log).doesNotContain(newKey).doesNotContain(oldKey);
        } finally {
            stop(second);
        }

        // 3. The new key only: the secret submitted under the old one reaches the phone at its next start-up.
        Process third = ServerProcess.start(data, httpPort, wpiPort, 3, "384m", List.of("--DESKFLEET_MASTER_KEY=" + newKey));
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE))) {
            ServerProcess.awaitReady(data, httpPort, third);
            new PhoneSimulator(wpi).startUp(phone).join().requireOk();
            GraphQlClient graphql = new GraphQlClient(httpPort, data);
            JsonNode job = EndToEndSupport.await(() -> graphql.data("query($id: ID!) { job(id: $id) { state } }",
                    Map.of("id", jobId)).get("job"), j -> j.get("state").asText().equals("SUCCESS"), "the job done", Duration.ofSeconds(60));
            assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(phone.value("sip-pwd")).contains(SECRET);
            assertThat(read(ServerProcess.log(data, 3))).doesNotContain("cannot be unwrapped").doesNotContain("does not have");
        } finally {
            stop(third);
        }
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
