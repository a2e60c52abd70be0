package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account directory across restarts of the server (a process of its own, embedded default stores): it starts
 * from the state kept with its position, so the API answers at once, sessions opened before the restart go on,
 * a session ended before it stays ended, a password changed before it is the one that signs in, and no account
 * event is applied twice (each shows once in the history), after a graceful stop and after a {@code kill -9}
 * right after an answered change.
 */
class AccountDirectoryRestartE2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN_IN = "mutation($u: String!, $p: String!) { signIn(userName: $u, password: $p) { sessionToken mustChangePassword } }";
    private static final String THIRD_PASSWORD = "Third!Word-4p7Wz";

    @TempDir
    Path data;

    @Test
    void afterAStopAndAKillTheApiAnswersAtOnceWithTheSessionsAndPasswordsOfBefore() throws Exception {
        int httpPort = EndToEndSupport.unusedPort();
        int wpiPort = EndToEndSupport.unusedPort();
        String kim;
        String ended;
        Process first = startServer(wpiPort, httpPort, 1);
        try {
            awaitReady(httpPort, first);
            GraphQlClient admin = new GraphQlClient(httpPort, data);
            // kim: created, first sign-in, then the initial password changed (that session may do everything now)
            kim = admin.as("kim", "OPERATOR").token();
            ended = GraphQlClient.signIn(httpPort, data, "kim", GraphQlClient.INITIAL_PASSWORD, GraphQlClient.USER_PASSWORD);
            GraphQlClient.withToken(httpPort, data, ended).data("mutation { signOut }");
            assertThat(status(httpPort, ended)).isEqualTo(401);
            first.destroy(); // SIGTERM: a graceful stop
            assertThat(first.waitFor()).isNotNegative();
        } finally {
            first.destroyForcibly();
        }

        Process second = startServer(wpiPort, httpPort, 2);
        try {
            awaitReady(httpPort, second);
            assertThat(log(2)).contains("accounts loaded: the API answers (2 accounts from the store");
            // the first request answers: no 503, kim's session of before the restart goes on, as it was left
            assertThat(status(httpPort, kim)).isEqualTo(200);
            assertThat(me(httpPort, kim).get("userName").asText()).isEqualTo("kim");
            assertThat(status(httpPort, ended)).isEqualTo(401);
            assertThat(signIn(httpPort, "kim", GraphQlClient.INITIAL_PASSWORD).path("errors").isEmpty()).isFalse();
            assertThat(signIn(httpPort, "kim", GraphQlClient.USER_PASSWORD).path("data").path("signIn").path("mustChangePassword")
                    .asBoolean(true)).isFalse();
            // a change answered just before a kill -9
            GraphQlClient.withToken(httpPort, data, kim).data("mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) }",
                    Map.of("o", GraphQlClient.USER_PASSWORD, "n", THIRD_PASSWORD));
            new GraphQlClient(httpPort, data).data("mutation($a: NewAccount!) { createAccount(account: $a) { userName } }",
                    Map.of("a", Map.of("userName", "lee", "roles", List.of("AUDITOR"), "password", GraphQlClient.INITIAL_PASSWORD)));
            second.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            second.waitFor();
        } finally {
            second.destroyForcibly();
        }

        Process third = startServer(wpiPort, httpPort, 3);
        try {
            awaitReady(httpPort, third);
            assertThat(log(3)).contains("accounts loaded: the API answers (");
            assertThat(status(httpPort, kim)).isEqualTo(200);
            assertThat(status(httpPort, ended)).isEqualTo(401);
            assertThat(signIn(httpPort, "kim", GraphQlClient.USER_PASSWORD).path("errors").isEmpty()).isFalse();
            assertThat(signIn(httpPort, "kim", THIRD_PASSWORD).path("data").path("signIn").hasNonNull("sessionToken")).isTrue();
            GraphQlClient admin = new GraphQlClient(httpPort, data);
            assertThat(admin.data("{ account(userName: \"lee\") { userName } }").get("account").get("userName").asText()).isEqualTo("lee");
            // every event of kim's once in the history: none lost, none applied twice across the stop and the kill
            // (the sign-in just above reaches the history through the directory's processor: wait for it)
            List<String> history = new ArrayList<>();
            EndToEndSupport.await(() -> {
                List<String> events = new ArrayList<>();
                admin.data("{ accountHistory(userName: \"kim\") { event } }").get("accountHistory").forEach(h -> events.add(h.get("event").asText()));
                return events;
            }, events -> events.stream().filter("SignedIn"::equals).count() >= 4, "kim's last sign-in in the history", Duration.ofSeconds(60))
                    .forEach(history::add);
            assertThat(history).filteredOn("PasswordChanged"::equals).hasSize(2);
            assertThat(history).filteredOn("AccountCreated"::equals).hasSize(1);
            assertThat(history).filteredOn("SessionEnded"::equals).hasSize(1);
            assertThat(history).filteredOn("SignedIn"::equals).hasSize(4);
        } finally {
            third.destroyForcibly();
            third.waitFor();
        }
    }

    private JsonNode me(int port, String token) {
        return GraphQlClient.withToken(port, data, token).data("{ me { userName } }").get("me");
    }

    private JsonNode signIn(int port, String user, String password) {
        return GraphQlClient.anonymous(port, data).execute(SIGN_IN, Map.of("u", user, "p", password));
    }

    /** The HTTP status of one request with this token, not waiting through a 503 (as a client would see it). */
    private int status(int port, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", "{ me { userName } }")))).build();
        return GraphQlClient.client(port, data).send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String log(int start) throws IOException {
        return Files.readString(logFile(start));
    }

    private Path logFile(int start) {
        return ServerProcess.log(data, start);
    }

    /** The server as a process of its own, on this test's class path, so that it can be killed. */
    private Process startServer(int wpiPort, int httpPort, int start) throws IOException {
        return ServerProcess.start(data, httpPort, wpiPort, start, "384m", List.of());
    }

    private void awaitReady(int httpPort, Process server) {
        ServerProcess.awaitReady(data, httpPort, server);
    }
}
