package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The graphql-transport-ws conversation and the follow command, against a scripted Netty WebSocket server. */
class FollowJobTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    static String update(String deviceId, String state, String detail, int total, int pending, int ok, int partial,
                         int failed, int timedOut, int version) {
        return "{\"jobId\":\"job-1\",\"deviceId\":" + (deviceId == null ? "null" : "\"" + deviceId + "\"")
                + ",\"state\":\"" + state + "\",\"detail\":\"" + detail + "\",\"counts\":{\"total\":" + total
                + ",\"pending\":" + pending + ",\"succeeded\":" + ok + ",\"partial\":" + partial + ",\"failed\":" + failed
                + ",\"timedOut\":" + timedOut + "},\"version\":" + version + ",\"at\":\"2026-12-01T17:00:0" + (version % 10)
                + ".123Z\"}";
    }

    /** ack on init; on subscribe a ping first; on the pong the given updates, then complete. */
    static FakeGraphQlWsServer serving(List<String> updates) throws InterruptedException {
        return new FakeGraphQlWsServer((session, m) -> {
            switch (m.path("type").asText()) {
                case "connection_init" -> session.send("{\"type\":\"connection_ack\"}");
                case "subscribe" -> session.send("{\"type\":\"ping\",\"payload\":{\"n\":1}}");
                case "pong" -> {
                    for (int i = 0; i < updates.size(); i++) {
                        if (i == 1) {
                            session.sendFragmented("{\"id\":\"1\",\"type\":\"next\",\"payload\":{\"data\":{\"jobProgress\":"
                                    + updates.get(i) + "}}}");
                        } else {
                            session.next("1", updates.get(i));
                        }
                    }
                    session.send("{\"id\":\"1\",\"type\":\"complete\"}");
                }
                default -> { }
            }
        });
    }

    @Test
    void speaksGraphqlTransportWsAndDeliversEveryNext() throws Exception {
        List<String> updates = List.of(
                update(null, "ACTIVE", "now", 3, 3, 0, 0, 0, 0, 1),
                update("00:1a:e8:00:00:01", "SUCCESS", "done", 3, 2, 1, 0, 0, 0, 2),
                update("00:1a:e8:00:00:02", "SUCCESS", "done", 3, 1, 2, 0, 0, 0, 3),
                update(null, "SUCCESS", "all done", 3, 0, 3, 0, 0, 0, 5));
        try (FakeGraphQlWsServer server = serving(updates)) {
            List<JsonNode> data = new CopyOnWriteArrayList<>();
            GraphQlWsSubscription s = GraphQlWsSubscription.open(HttpClient.newHttpClient(), server.url(),
                    Map.of("X-Deskfleet-Actor", "alice"), FollowJob.QUERY, Map.of("id", "job-1"), data::add,
                    Duration.ofSeconds(5), Duration.ofSeconds(5));
            s.done().get(10, TimeUnit.SECONDS);

            assertThat(data).hasSize(4);
            assertThat(data.get(1).path("jobProgress").path("deviceId").asText()).isEqualTo("00:1a:e8:00:00:01");
            assertThat(server.actors).containsExactly("alice");
            assertThat(server.receivedTypes()).startsWith("connection_init", "subscribe", "pong");
            JsonNode subscribe = server.received.get(1);
            assertThat(subscribe.path("id").asText()).isEqualTo("1");
            assertThat(subscribe.path("payload").path("query").asText()).contains("jobProgress(id: $id)");
            assertThat(subscribe.path("payload").path("variables").path("id").asText()).isEqualTo("job-1");
            assertThat(server.received.get(2).path("payload").path("n").asInt()).as("pong echoes the ping payload").isEqualTo(1);
        }
    }

    @Test
    void subscribesOnlyAfterTheAck() throws Exception {
        try (FakeGraphQlWsServer server = new FakeGraphQlWsServer((session, m) -> { })) {
            GraphQlWsSubscription s = GraphQlWsSubscription.open(HttpClient.newHttpClient(), server.url(), Map.of(),
                    FollowJob.QUERY, Map.of("id", "job-1"), d -> { }, Duration.ofSeconds(5), Duration.ofMillis(500));
            assertThatThrownBy(() -> s.done().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("no connection_ack");
            assertThat(server.receivedTypes()).containsExactly("connection_init");
        }
    }

    @Test
    void successExitsZeroWithTheFinalCounts() throws Exception {
        try (FakeGraphQlWsServer server = serving(List.of(
                update(null, "ACTIVE", "now", 2, 2, 0, 0, 0, 0, 1),
                update("00:1a:e8:00:00:01", "SUCCESS", "done", 2, 1, 1, 0, 0, 0, 2),
                update("00:1a:e8:00:00:02", "SUCCESS", "done", 2, 0, 2, 0, 0, 0, 3),
                update(null, "SUCCESS", "completed", 2, 0, 2, 0, 0, 0, 4)))) {
            int code = FollowJob.follow(server.url(), "job-1", null, false, out, err);
            assertThat(code).isZero();
            String text = outBytes.toString(StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("\r");
            assertThat(text.lines().toList()).containsExactly(
                    "2026-12-01T17:00:01Z ACTIVE  0/2 (0%)  ok 0  partial 0  failed 0  timeout 0",
                    "2026-12-01T17:00:02Z ACTIVE  1/2 (50%)  ok 1  partial 0  failed 0  timeout 0",
                    "2026-12-01T17:00:03Z ACTIVE  2/2 (100%)  ok 2  partial 0  failed 0  timeout 0",
                    "2026-12-01T17:00:04Z SUCCESS  2/2 (100%)  ok 2  partial 0  failed 0  timeout 0  - completed",
                    "job job-1 SUCCESS  2 targets  ok 2  partial 0  failed 0  timeout 0");
        }
    }

    @Test
    void partialSuccessExitsTwoAndFailureOrTimeoutThree() throws Exception {
        try (FakeGraphQlWsServer server = serving(List.of(update(null, "PARTIAL_SUCCESSFUL", "now", 2, 0, 1, 1, 0, 0, 7)))) {
            assertThat(FollowJob.follow(server.url(), "job-1", null, false, out, err)).isEqualTo(2);
        }
        try (FakeGraphQlWsServer server = serving(List.of(update(null, "FAILED", "now", 2, 0, 0, 0, 2, 0, 7)))) {
            assertThat(FollowJob.follow(server.url(), "job-1", null, false, out, err)).isEqualTo(3);
        }
        try (FakeGraphQlWsServer server = serving(List.of(
                update(null, "ACTIVE", "now", 2, 2, 0, 0, 0, 0, 1),
                update(null, "TIMEOUT", "timed out", 2, 0, 0, 0, 0, 2, 2)))) {
            assertThat(FollowJob.follow(server.url(), "job-1", null, false, out, err)).isEqualTo(3);
        }
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("job job-1 TIMEOUT  2 targets  ok 0  partial 0  failed 0  timeout 2");
    }

    @Test
    void aDeletedJobExitsOne() throws Exception {
        try (FakeGraphQlWsServer server = serving(List.of(
                update(null, "ACTIVE", "now", 2, 2, 0, 0, 0, 0, 1),
                update(null, "ACTIVE", "deleted by alice", 2, 2, 0, 0, 0, 0, 2)))) {
            assertThat(FollowJob.follow(server.url(), "job-1", null, false, out, err)).isEqualTo(1);
            assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("job job-1 was deleted while ACTIVE");
        }
    }

    @Test
    void aGraphqlErrorIsPrintedAndExitsOne() throws Exception {
        try (FakeGraphQlWsServer server = new FakeGraphQlWsServer((session, m) -> {
            switch (m.path("type").asText()) {
                case "connection_init" -> session.send("{\"type\":\"connection_ack\"}");
                case "subscribe" -> session.send("{\"id\":\"1\",\"type\":\"error\",\"payload\":[{\"message\":\"no job job-9\","
                        + "\"extensions\":{\"classification\":\"BAD_REQUEST\"}}]}");
                default -> { }
            }
        })) {
            assertThat(FollowJob.follow(server.url(), "job-9", null, false, out, err)).isEqualTo(1);
            assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("deskfleet follow: no job job-9");
        }
    }

    @Test
    void aJobNotYetInTheReadModelIsTriedAgainBriefly() throws Exception {
        java.util.concurrent.atomic.AtomicInteger subscriptions = new java.util.concurrent.atomic.AtomicInteger();
        try (FakeGraphQlWsServer server = new FakeGraphQlWsServer((session, m) -> {
            switch (m.path("type").asText()) {
                case "connection_init" -> session.send("{\"type\":\"connection_ack\"}");
                case "subscribe" -> {
                    if (subscriptions.incrementAndGet() < 3) {
                        session.send("{\"id\":\"1\",\"type\":\"error\",\"payload\":[{\"message\":\"no job job-1\"}]}");
                    } else {
                        session.next("1", update(null, "SUCCESS", "now", 1, 0, 1, 0, 0, 0, 3));
                        session.send("{\"id\":\"1\",\"type\":\"complete\"}");
                    }
                }
                default -> { }
            }
        })) {
            assertThat(FollowJob.follow(server.url(), "job-1", null, false, out, err)).isZero();
            assertThat(subscriptions).hasValue(3);
            assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void aClosedConnectionOrNoServerExitsOne() throws Exception {
        try (FakeGraphQlWsServer server = new FakeGraphQlWsServer((session, m) -> session.close(4403, "Forbidden"))) {
            assertThat(FollowJob.follow(server.url(), "job-1", null, false, out, err)).isEqualTo(1);
            assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("closed the connection (4403, Forbidden)");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(FollowJob.follow(URI.create("ws://127.0.0.1:" + port + "/graphql"), "job-1", null, false, out, err)).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("cannot connect to ws://127.0.0.1:" + port);
    }

    @Test
    void badArgumentsExitOne() {
        assertThat(FollowJob.run(new String[0], out, err)).isEqualTo(1);
        assertThat(FollowJob.run(new String[]{"job-1", "--url", "http://x/graphql"}, out, err)).isEqualTo(1);
        assertThat(FollowJob.run(new String[]{"job-1", "--bogus"}, out, err)).isEqualTo(1);
        // the token never travels in clear: plain ws:// is refused before anything is sent
        assertThat(FollowJob.run(new String[]{"job-1", "--url", "ws://127.0.0.1:1/graphql"}, out, err)).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("which job?", "must start with wss://",
                "bad --url 'ws://127.0.0.1:1/graphql'", "unexpected argument '--bogus'");
    }
}
