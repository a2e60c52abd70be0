package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A scheduled job is a persistent deadline: it starts at its time although the server restarted in between. */
class JobScheduleRestartE2eTest {

    @TempDir
    Path data;

    @Test
    void aScheduledJobFiresAtItsTimeAfterARestart() throws Exception {
        int wpiPort = freePort();
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4501, 0, 2);
        Instant planned;
        String jobId;
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(wpi), phones, LiveOptions.defaults())) {
            try (ConfigurableApplicationContext first = start(wpiPort)) {
                assertThat(fleet.startUpAll(2).registered()).isEqualTo(2);
                GraphQlClient graphql = new GraphQlClient(httpPort(first), data);
                EndToEndSupport.await(() -> graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                        n -> n == 2, "2 clients");
                planned = Instant.now().plusSeconds(15);
                jobId = graphql.data("""
                        mutation($ids: [ID!], $at: DateTime) { refreshClients(targets: {deviceIds: $ids},
                          options: {plannedAt: $at, reason: "nightly inventory"}) { jobId plannedAt } }
                        """, Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList(), "at", planned.toString()))
                        .get("refreshClients").get("jobId").asText();
                JsonNode created = EndToEndSupport.await(() -> job(graphql, jobId), j -> !j.isNull(), "job in the read model");
                assertThat(created.get("state").asText()).isEqualTo("CREATED");
            }
            // Down for a while, then up again before the planned time.
            Thread.sleep(2_000);
            try (ConfigurableApplicationContext second = start(wpiPort)) {
                GraphQlClient graphql = new GraphQlClient(httpPort(second), data);
                assertThat(job(graphql, jobId).get("state").asText()).isEqualTo("CREATED");
                JsonNode done = EndToEndSupport.await(() -> job(graphql, jobId),
                        j -> j.get("state").asText().equals("SUCCESS"), "the scheduled job to run", JobSupport.JOB_WAIT);
                assertThat(Instant.parse(done.get("startedAt").asText())).isAfterOrEqualTo(planned);
                assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(2);
            }
        }
    }

    private static JsonNode job(GraphQlClient graphql, String id) {
        return graphql.data("query($id: ID!) { job(id: $id) { state plannedAt startedAt counts { succeeded } } }",
                Map.of("id", id)).get("job");
    }

    private ConfigurableApplicationContext start(int wpiPort) {
        return new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=" + wpiPort, "--deskfleet.wpi.secure-port=0",
                "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1", "--deskfleet.wpi.contact-flush-interval=200ms",
                "--deskfleet.contact-me.gap=2s", "--deskfleet.jobs.first-backoff=1s",
                // Simulated phones share 127.0.0.1, each listening on a port of its own: use the reported one.
                "--deskfleet.contact-me.allowed-networks=127.0.0.0/8");
    }

    private static int httpPort(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    private static int freePort() throws IOException {
        return EndToEndSupport.unusedPort();
    }

}
