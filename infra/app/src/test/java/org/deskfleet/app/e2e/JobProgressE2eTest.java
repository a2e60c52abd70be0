package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Live progress: the GraphQL subscription over WebSocket streams a job's changes in the order they happened. */
class JobProgressE2eTest extends EndToEndSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSubscriberSeesEveryTargetEndAndThenTheJob() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4601, 0, 5);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(5).registered()).isEqualTo(5);
            awaitProjectionsCaughtUp();
            // Planned a few seconds ahead, so the subscription is open before anything happens.
            String planned = java.time.Instant.now().plusSeconds(6).toString();
            String jobId = graphql.data("""
                    mutation($ids: [ID!], $at: DateTime) { refreshClients(targets: {deviceIds: $ids}, options: {plannedAt: $at}) { jobId } }
                    """, Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList(), "at", planned))
                    .get("refreshClients").get("jobId").asText();
            await(() -> graphql.data("query($id: ID!) { job(id: $id) { id } }", Map.of("id", jobId)).get("job"),
                    j -> !j.isNull(), "job in the read model");

            LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
            WebSocket ws = https().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create("wss://127.0.0.1:" + httpPort + "/graphql"), new Collector(frames)).get(10, TimeUnit.SECONDS);
            ws.sendText(JSON.writeValueAsString(Map.of("type", "connection_init", "payload", Map.of("token", graphql.token()))), true).get();
            assertThat(next(frames).get("type").asText()).isEqualTo("connection_ack");
            ws.sendText(JSON.writeValueAsString(Map.of("id", "1", "type", "subscribe", "payload", Map.of(
                    "query", "subscription($id: ID!) { jobProgress(id: $id) { jobId deviceId state detail version counts { pending succeeded } } }",
                    "variables", Map.of("id", jobId)))), true).get();

            List<JsonNode> updates = new ArrayList<>();
            while (true) {
                JsonNode f = next(frames);
                if (f.get("type").asText().equals("complete")) {
                    break;
                }
                assertThat(f.get("type").asText()).as(f.toString()).isEqualTo("next");
                updates.add(f.get("payload").get("data").get("jobProgress"));
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

            assertThat(updates.get(0).get("state").asText()).isEqualTo("CREATED");
            assertThat(updates.get(updates.size() - 1).get("state").asText()).isEqualTo("SUCCESS");
            assertThat(updates.get(updates.size() - 1).get("deviceId").isNull()).isTrue();
            assertThat(updates).anyMatch(u -> u.get("deviceId").isNull() && u.get("state").asText().equals("ACTIVE"));
            assertThat(updates.stream().filter(u -> !u.get("deviceId").isNull() && u.get("state").asText().equals("SUCCESS"))
                    .map(u -> u.get("deviceId").asText()).distinct().count()).isEqualTo(5);
            // Each target's phases come as they are recorded: asked to call in, taken by an interaction, then ended.
            assertThat(updates).anyMatch(u -> u.get("detail").asText().equals("contacted (contact-me)"));
            assertThat(updates).anyMatch(u -> u.get("detail").asText().equals("in interaction"));
            for (int i = 0; i < updates.size(); i++) {
                JsonNode u = updates.get(i);
                if (u.get("detail").asText().equals("in interaction")) {
                    String device = u.get("deviceId").asText();
                    assertThat(updates.subList(0, i)).as("before %s was served", device).noneMatch(
                            e -> !e.get("deviceId").isNull() && e.get("deviceId").asText().equals(device)
                                    && e.get("state").asText().equals("SUCCESS"));
                }
            }
            // In order: versions only grow, the pending count only falls.
            for (int i = 1; i < updates.size(); i++) {
                assertThat(updates.get(i).get("version").asLong()).isGreaterThanOrEqualTo(updates.get(i - 1).get("version").asLong());
                assertThat(updates.get(i).get("counts").get("pending").asInt())
                        .isLessThanOrEqualTo(updates.get(i - 1).get("counts").get("pending").asInt());
            }
        }
    }

    private static JsonNode next(LinkedBlockingQueue<JsonNode> frames) throws InterruptedException {
        JsonNode f = frames.poll(60, TimeUnit.SECONDS);
        assertThat(f).as("a frame within 60 s").isNotNull();
        if (f.get("type").asText().equals("ping")) {
            return next(frames);
        }
        return f;
    }

    /** Collects whole text frames as JSON. */
    private record Collector(LinkedBlockingQueue<JsonNode> frames) implements WebSocket.Listener {
        private static final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            synchronized (partial) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }

}
