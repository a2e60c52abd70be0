package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.delivery.PendingJobsIndex;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.deskfleet.wpi.codec.Action;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery across restarts of one node: the pending work is kept with its position and is there at start
 * without replaying the history; nothing a phone took before a restart is delivered to it again, not even
 * when every processor position is lost and the whole store is replayed.
 */
class DeliveryRestartE2eTest {

    static final String SNTP = "general.date-time.sntp-server-address";

    @TempDir
    Path data;

    @Test
    void pendingWorkIsThereAtStartFromItsStoreAndNothingIsDeliveredTwice() throws Exception {
        int wpiPort = freePort();
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4601, 0, 2);
        String a = DeviceId.parse(phones.get(0).mac()).value();
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(wpi), phones, LiveOptions.defaults())) {
            String configure;
            String restart;
            try (ConfigurableApplicationContext first = start(wpiPort)) {
                assertThat(fleet.startUpAll(2).registered()).isEqualTo(2);
                GraphQlClient graphql = new GraphQlClient(httpPort(first), data);
                EndToEndSupport.await(() -> graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt(),
                        n -> n == 2, "2 clients");
                configure = graphql.data("""
                        mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "time"},
                          changes: [{parameter: "%s", value: "10.1.1.1"}]) { jobId } }""".formatted(SNTP),
                        Map.of("ids", macs(phones))).get("submitConfiguration").get("jobId").asText();
                assertThat(awaitEnded(graphql, configure).get("state").asText()).isEqualTo("SUCCESS");
                // Newer work after the job: an operator records another value for one phone (not delivered: no job).
                JsonNode changed = graphql.data("""
                        mutation($id: ID!) { changeClientConfiguration(deviceId: $id, reason: "newer", deliver: false,
                          changes: [{parameter: "%s", value: "10.2.2.2"}]) { deviceId } }""".formatted(SNTP),
                        Map.of("id", phones.get(0).mac()));
                assertThat(changed.get("changeClientConfiguration").isNull()).isFalse();
                // A restart for a phone that does not answer: it stays pending across the restart of the server.
                fleet.phone(phones.get(0).mac()).setReachable(false);
                restart = graphql.data("mutation($ids: [ID!]) { restartClients(targets: {deviceIds: $ids}) { jobId } }",
                        Map.of("ids", List.of(phones.get(0).mac()))).get("restartClients").get("jobId").asText();
                PendingJobsIndex index = first.getBean(PendingJobsIndex.class);
                EndToEndSupport.await(() -> index.of(a).size(), n -> n == 1, "the restart pending");
            }
            int writesBefore = writes(fleet);
            assertThat(writesBefore).isEqualTo(2);

            try (ConfigurableApplicationContext second = start(wpiPort)) {
                PendingJobsIndex index = second.getBean(PendingJobsIndex.class);
                // Loaded with the context, before its processor ran: the state kept with its position.
                assertThat(index.loadedAtStart()).isEqualTo(1);
                EndToEndSupport.await(index::ready, r -> r, "the index current");
                assertThat(index.of(a)).extracting(j -> j.jobId()).containsExactly(restart);
                GraphQlClient graphql = new GraphQlClient(httpPort(second), data);
                fleet.phone(phones.get(0).mac()).setReachable(true);
                assertThat(awaitEnded(graphql, restart).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(awaitEnded(graphql, configure).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(writes(fleet)).isEqualTo(writesBefore);
                assertThat(restarts(fleet.phone(phones.get(1).mac()))).isZero();
                assertThat(restarts(fleet.phone(phones.get(0).mac()))).isEqualTo(1);
                // Every position lost: processors stopped, then every token deleted.
                EventProcessingConfiguration processing = second.getBean(EventProcessingConfiguration.class);
                awaitCaughtUp(processing);
                processing.eventProcessors().values().forEach(EventProcessor::shutDown);
                second.getBean(MongoTemplate.class).dropCollection("axon_tracking_tokens");
            }
            int writesAfterJobs = writes(fleet);

            try (ConfigurableApplicationContext third = start(wpiPort)) {
                // Every processor replays the whole store; the policy sees the old configuration job again.
                awaitCaughtUp(third.getBean(EventProcessingConfiguration.class));
                GraphQlClient graphql = new GraphQlClient(httpPort(third), data);
                Thread.sleep(3_000); // a few delivery rounds: anything pending by mistake would be contacted now
                assertThat(writes(fleet)).isEqualTo(writesAfterJobs);
                assertThat(restarts(fleet.phone(phones.get(0).mac()))).isEqualTo(1);
                assertThat(restarts(fleet.phone(phones.get(1).mac()))).isZero();
                assertThat(third.getBean(PendingJobsIndex.class).devicesWithPending()).isEmpty();
                // The newer value stands; the replayed job did not put its older one back.
                assertThat(desired(graphql, phones.get(0).mac())).isEqualTo("10.2.2.2");
                assertThat(desired(graphql, phones.get(1).mac())).isEqualTo("10.1.1.1");
                assertThat(awaitEnded(graphql, configure).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(awaitEnded(graphql, restart).get("state").asText()).isEqualTo("SUCCESS");
            }
        }
    }

    static String desired(GraphQlClient graphql, String mac) {
        JsonNode desired = graphql.data("query($id: ID!) { client(deviceId: $id) { desired { parameter value } } }",
                Map.of("id", mac)).get("client").get("desired");
        for (JsonNode d : desired) {
            if (d.get("parameter").asText().equals(SNTP)) {
                return d.get("value").asText();
            }
        }
        return null;
    }

    static void awaitCaughtUp(EventProcessingConfiguration processing) {
        EndToEndSupport.await(() -> processing.eventProcessors().values().stream()
                        .filter(p -> p instanceof TrackingEventProcessor)
                        .map(p -> (TrackingEventProcessor) p)
                        .allMatch(p -> !p.processingStatus().isEmpty()
                                && p.processingStatus().values().stream().allMatch(st -> st.isCaughtUp())),
                done -> done, "every processor caught up", JobSupport.JOB_WAIT);
    }

    static int writes(LiveFleet fleet) {
        return fleet.phones().stream().mapToInt(p -> count(p, Action.WRITE_ITEMS)).sum();
    }

    static int restarts(LivePhone p) {
        return count(p, Action.RESTART);
    }

    static int count(LivePhone p, Action action) {
        int n = 0;
        for (InteractionTrace t : p.interactions()) {
            n += (int) t.actions().stream().filter(x -> x == action).count();
        }
        return n;
    }

    static JsonNode awaitEnded(GraphQlClient graphql, String jobId) {
        return EndToEndSupport.await(() -> graphql.data("query($id: ID!) { job(id: $id) { state } }", Map.of("id", jobId)).get("job"),
                j -> !j.isNull() && JobStatus.valueOf(j.get("state").asText()).terminal(), "job " + jobId + " to end", JobSupport.JOB_WAIT);
    }

    static List<String> macs(List<SimulatedPhone> phones) {
        return phones.stream().map(SimulatedPhone::mac).toList();
    }

    ConfigurableApplicationContext start(int wpiPort) {
        return new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=" + wpiPort, "--deskfleet.wpi.secure-port=0",
                "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1", "--deskfleet.wpi.contact-flush-interval=200ms",
                "--deskfleet.contact-me.gap=1s", "--deskfleet.jobs.first-backoff=1s", "--deskfleet.jobs.max-backoff=2s",
                "--deskfleet.contact-me.allowed-networks=127.0.0.0/8");
    }

    static int httpPort(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    static int freePort() throws IOException {
        return EndToEndSupport.unusedPort();
    }

    static Duration wait(int seconds) {
        return Duration.ofSeconds(seconds);
    }
}
