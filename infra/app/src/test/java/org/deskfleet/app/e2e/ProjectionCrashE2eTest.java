package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the server (a process of its own, embedded default stores) while a configuration job fans out
 * to live phones and the projections follow it; then a restart on the same data. Once the job has ended (or the
 * read model has settled), it is exactly what a replay produces: the job's counts and every target's state, the
 * client documents and the audit trail, document by document, before and after {@code rebuildProjection} of each.
 */
class ProjectionCrashE2eTest {

    static final String SNTP = "general.date-time.sntp-server-address";
    static final int PHONES = 30;
    static final Map<String, List<String>> COLLECTIONS = Map.of(
            "job-projection", List.of("jobs", "job_targets", "job_target_lists"),
            "client-projection", List.of("clients"),
            "history-projection", List.of("client_history_heads", "client_history_events"));

    @TempDir
    Path data;

    @Test
    void afterAKillMidFanOutTheReadModelEqualsWhatARebuildProduces() throws Exception {
        int wpiPort = EndToEndSupport.unusedPort();
        int httpPort = EndToEndSupport.unusedPort();
        int mongoPort = EndToEndSupport.unusedPort();
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4901, 0, PHONES);
        try (WpiHttpsClient wpi = new WpiHttpsClient(ClientConfig.of("127.0.0.1", wpiPort, ConnectionMode.KEEP_ALIVE));
             LiveFleet fleet = LiveFleet.start(new PhoneSimulator(wpi), phones, LiveOptions.defaults())) {
            String jobId;
            Process first = startServer(wpiPort, httpPort, mongoPort, 1);
            try {
                awaitReady(httpPort, first);
                assertThat(fleet.startUpAll(8).registered()).isEqualTo(PHONES);
                GraphQlClient graphql = new GraphQlClient(httpPort, data);
                jobId = graphql.data("""
                        mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "crash"},
                          changes: [{parameter: "%s", value: "10.8.8.8"}]) { jobId } }""".formatted(SNTP),
                        Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList())).get("submitConfiguration").get("jobId").asText();
                // Contact-me is rate-limited to a few per second: the kill comes while targets are done one by
                // one, each a batch of the job, client and history projections.
                EndToEndSupport.await(() -> job(graphql, jobId), j -> !j.isNull() && j.get("counts").get("succeeded").asInt() >= 4,
                        "some targets done", Duration.ofSeconds(120));
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                first.waitFor();
            } finally {
                first.destroyForcibly();
            }

            Process second = startServer(wpiPort, httpPort, mongoPort, 2);
            try (MongoClient mongo = MongoClients.create(org.deskfleet.app.config.EmbeddedStoreKeys.loadOrCreate(data).clientSettings(mongoPort))) {
                awaitReady(httpPort, second);
                GraphQlClient graphql = new GraphQlClient(httpPort, data);
                // The job goes on after the restart (CrashE2eTest checks how it ends); here what counts is that the
                // read model is what a replay gives, whatever the job's state when it settles.
                try {
                    EndToEndSupport.await(() -> job(graphql, jobId), j -> !j.isNull() && !j.get("state").asText().equals("ACTIVE"),
                            "the job to end", Duration.ofSeconds(120));
                } catch (AssertionError stillActive) {
                    // compared all the same, once the read model has settled
                }
                // Settled: nothing changes any more (the phones only poll, which is no event).
                Map<String, List<Document>> before = EndToEndSupport.await(() -> settled(mongo), s -> s != null,
                        "the read model to settle", Duration.ofSeconds(60));
                assertThat(before.get("clients")).hasSize(PHONES);
                assertThat(before.get("job_targets")).hasSize(PHONES);
                JsonNode settledJob = job(graphql, jobId);
                JsonNode counts = settledJob.get("counts");
                // The counts are the targets' states, as the job read model shows them.
                long succeeded = java.util.stream.StreamSupport.stream(settledJob.get("targets").spliterator(), false)
                        .filter(t -> t.get("state").asText().equals("SUCCESS")).count();
                assertThat(settledJob.get("targets")).hasSize(PHONES);
                assertThat(counts.get("succeeded").asLong()).as("succeeded").isEqualTo(succeeded);
                assertThat(counts.get("pending").asInt() + counts.get("succeeded").asInt() + counts.get("failed").asInt()
                        + counts.get("timedOut").asInt()).as("counts").isEqualTo(PHONES);
                for (String projection : COLLECTIONS.keySet()) {
                    JsonNode r = graphql.data("mutation { rebuildProjection(name: \"" + projection + "\") { events } }");
                    assertThat(r.get("rebuildProjection").get("events").asLong()).as(projection).isPositive();
                }
                Map<String, List<Document>> after = snapshot(mongo);
                for (String collection : before.keySet()) {
                    assertThat(after.get(collection)).as(collection).isEqualTo(before.get(collection));
                }
                assertThat(job(graphql, jobId)).isEqualTo(settledJob);
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }
        }
    }

    /** The read model when two snapshots three seconds apart are the same; null while it still changes. */
    private static Map<String, List<Document>> settled(MongoClient mongo) {
        Map<String, List<Document>> a = snapshot(mongo);
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return a.equals(snapshot(mongo)) ? a : null;
    }

    private static Map<String, List<Document>> snapshot(MongoClient mongo) {
        Map<String, List<Document>> all = new TreeMap<>();
        for (List<String> collections : COLLECTIONS.values()) {
            for (String c : collections) {
                all.put(c, mongo.getDatabase("deskfleet").getCollection(c).find().sort(Sorts.ascending("_id"))
                        .into(new ArrayList<>()));
            }
        }
        return all;
    }

    private static JsonNode job(GraphQlClient graphql, String id) {
        return graphql.data("query($id: ID!) { job(id: $id, targetsFirst: 1000) { state counts { pending succeeded failed timedOut } "
                + "targets { deviceId state } } }", Map.of("id", id)).get("job");
    }

    /** The server as a process of its own, on this test's class path, so that it can be killed; one log per start. */
    private Process startServer(int wpiPort, int httpPort, int mongoPort, int start) throws IOException {
        return ServerProcess.start(data, httpPort, wpiPort, start, "384m", List.of("--deskfleet.mongo.embedded-port=" + mongoPort,
                "--deskfleet.contact-me.max-per-second=3", "--deskfleet.contact-me.gap=2s", "--deskfleet.jobs.recontact=4s",
                "--deskfleet.jobs.first-backoff=1s", "--deskfleet.wpi.contact-flush-interval=200ms"));
    }

    private void awaitReady(int httpPort, Process server) {
        ServerProcess.awaitReady(data, httpPort, server);
    }
}
