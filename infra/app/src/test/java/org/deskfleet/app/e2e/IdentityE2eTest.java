package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deskfleet.command.account.AccountTotp;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators and their identity, end to end over real HTTP and WebSocket: nothing without a valid token (every
 * field of the schema tried), roles as the access table says, first sign-in, MFA with codes computed here,
 * sessions ended at once, lock-out and its notification, and the signed-in account as the audit's actor.
 */
class IdentityE2eTest extends EndToEndSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN_IN = "mutation($u: String!, $p: String!, $c: String) { signIn(userName: $u, password: $p, code: $c) "
            + "{ mfaRequired sessionToken refreshToken mustChangePassword } }";
    private static final String TYPE = "fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

    private JsonNode signIn(String user, String password, String code) {
        Map<String, Object> v = new HashMap<>(Map.of("u", user, "p", password));
        v.put("c", code);
        return GraphQlClient.anonymous(httpPort, data()).execute(SIGN_IN, v);
    }

    private static String classification(JsonNode response) {
        return response.path("errors").path(0).path("extensions").path("classification").asText();
    }

    // --- nothing without a token: every field of the schema ----------------------------------------------

    @Test
    void noQueryOrMutationSucceedsWithoutAValidToken() {
        // one root type per introspection query (graphql-java refuses "bad faith" introspection otherwise)
        Map<String, JsonNode> roots = new HashMap<>();
        for (String op : List.of("query", "mutation")) {
            roots.put(op, graphql.data("{ __schema { " + op + "Type { fields { name args { name type { ...T } } type { ...T } } } } }" + TYPE)
                    .get("__schema").get(op + "Type"));
        }
        JsonNode schema = graphql.data("{ __schema { types { name kind inputFields { name type { ...T } } enumValues { name } } } }" + TYPE)
                .get("__schema");
        Map<String, JsonNode> types = new HashMap<>();
        schema.get("types").forEach(t -> types.put(t.get("name").asText(), t));
        GraphQlClient anonymous = GraphQlClient.anonymous(httpPort, data());
        int tried = 0;
        for (String op : List.of("query", "mutation")) {
            for (JsonNode f : roots.get(op).get("fields")) {
                String name = f.get("name").asText();
                if (name.equals("signIn") || name.equals("refreshSession")) {
                    continue;
                }
                StringBuilder call = new StringBuilder(op).append(" { ").append(name);
                List<String> args = new ArrayList<>();
                f.get("args").forEach(a -> {
                    if (a.get("type").get("kind").asText().equals("NON_NULL")) {
                        args.add(a.get("name").asText() + ": " + literal(a.get("type"), types));
                    }
                });
                if (!args.isEmpty()) {
                    call.append("(").append(String.join(", ", args)).append(")");
                }
                String kind = unwrap(f.get("type")).get("kind").asText();
                if (kind.equals("OBJECT") || kind.equals("INTERFACE") || kind.equals("UNION")) {
                    call.append(" { __typename }");
                }
                call.append(" }");
                JsonNode r = anonymous.execute(call.toString(), Map.of());
                assertThat(classification(r)).as(call + " -> " + r).isEqualTo("UNAUTHORIZED");
                assertThat(r.path("data").path(name).isMissingNode() || r.path("data").path(name).isNull()).as(call.toString()).isTrue();
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(40);
        // introspection too
        assertThat(classification(anonymous.execute("{ __schema { queryType { name } } }", Map.of()))).isEqualTo("UNAUTHORIZED");
    }

    private static JsonNode unwrap(JsonNode type) {
        return type.get("ofType") != null && !type.get("ofType").isNull() && (type.get("kind").asText().equals("NON_NULL")
                || type.get("kind").asText().equals("LIST")) ? unwrap(type.get("ofType")) : type;
    }

    /** A literal of the type: enough to get past validation, so the access check is what answers. */
    private static String literal(JsonNode type, Map<String, JsonNode> types) {
        return switch (type.get("kind").asText()) {
            case "NON_NULL" -> literal(type.get("ofType"), types);
            case "LIST" -> "[" + literal(type.get("ofType"), types) + "]";
            case "ENUM" -> types.get(type.get("name").asText()).get("enumValues").get(0).get("name").asText();
            case "INPUT_OBJECT" -> {
                List<String> fields = new ArrayList<>();
                types.get(type.get("name").asText()).get("inputFields").forEach(f -> {
                    if (f.get("type").get("kind").asText().equals("NON_NULL")) {
                        fields.add(f.get("name").asText() + ": " + literal(f.get("type"), types));
                    }
                });
                yield "{" + String.join(", ", fields) + "}";
            }
            default -> switch (type.get("name").asText()) {
                case "Int" -> "1";
                case "Float" -> "1.0";
                case "Boolean" -> "true";
                case "DateTime" -> "\"2026-01-01T00:00:00Z\"";
                default -> "\"00:1a:e8:00:00:01\"";
            };
        };
    }

    @Test
    void badTokensAreAnswered401AndUnknownUsersLikeWrongPasswords() throws Exception {
        for (String bad : List.of("garbage",
                // alg: none, claiming the administrator
                "eyJhbGciOiJub25lIn0.eyJpc3MiOiJkZXNrZmxlZXQiLCJzdWIiOiJhY2NvdW50OmFkbWluIiwic2lkIjoieCIsInR5cCI6ImFjY2VzcyIsImV4cCI6NDEwMjQ0NDgwMH0.",
                graphql.token().substring(0, graphql.token().length() - 4) + "AAAA")) {
            HttpResponse<String> r = GraphQlClient.withToken(httpPort, data(), bad).post("{ clients { totalCount } }", Map.of());
            assertThat(r.statusCode()).as(bad).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        }
        JsonNode unknown = signIn("nobody-here", "whatever", null);
        JsonNode wrong = signIn("admin", "wrong-password", null);
        assertThat(unknown.get("errors").get(0).get("message").asText()).isEqualTo(wrong.get("errors").get(0).get("message").asText())
                .startsWith("sign-in refused");
    }

    // --- first sign-in and the password policy -------------------------------------------------------------

    @Test
    void theFirstSignInMustChangeThePasswordAndThePolicyNamesEveryBrokenRule() {
        graphql.data("mutation { createAccount(account: {userName: \"newbie\", roles: [OPERATOR], email: \"newbie@example.org\"}) { userName mustChangePassword } }");
        JsonNode first = signIn("newbie", "change_me", null).get("data").get("signIn");
        assertThat(first.get("mustChangePassword").asBoolean()).isTrue();
        GraphQlClient newbie = GraphQlClient.withToken(httpPort, data(), first.get("sessionToken").asText());
        JsonNode refused = newbie.execute("{ clients { totalCount } }", Map.of());
        assertThat(classification(refused)).isEqualTo("FORBIDDEN");
        assertThat(refused.get("errors").get(0).get("message").asText()).contains("change your password first");
        JsonNode weak = newbie.execute("mutation { changePassword(oldPassword: \"change_me\", newPassword: \"newbie1234\") }", Map.of());
        assertThat(weak.get("errors").get(0).get("message").asText()).contains("length must be 14 to 20", "uppercase letter",
                "special character", "sequential characters in a row (found '1234')", "user name");
        JsonNode wrongOld = newbie.execute("mutation { changePassword(oldPassword: \"nope\", newPassword: \"Daily!Word-8m3Xr\") }", Map.of());
        assertThat(wrongOld.get("errors").get(0).get("message").asText()).contains("current password is wrong");
        newbie.data("mutation { changePassword(oldPassword: \"change_me\", newPassword: \"Daily!Word-8m3Xr\") }");
        assertThat(newbie.data("{ clients { totalCount } }").get("clients").get("totalCount").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(signIn("newbie", "change_me", null).get("errors")).isNotNull();
        JsonNode history = graphql.data("{ accountHistory(userName: \"newbie\") { event actor } }").get("accountHistory");
        assertThat(history.findValuesAsText("event")).contains("AccountCreated", "SignedIn", "PasswordChanged");
        assertThat(history.get(history.size() - 1).get("actor").asText()).isEqualTo("admin");
    }

    // --- roles ----------------------------------------------------------------------------------------------

    @Test
    void eachRoleDoesWhatItsTableSays() {
        GraphQlClient auditor = graphql.as("audrey", "AUDITOR");
        GraphQlClient operator = graphql.as("oscar", "OPERATOR");
        // reading: everyone
        for (GraphQlClient c : List.of(auditor, operator, graphql)) {
            assertThat(c.data("{ clients { totalCount } jobs { totalCount } templates { id } systemSettings { __typename } }")).isNotNull();
        }
        assertThat(auditor.data("{ accountHistory(userName: \"oscar\") { event } }").get("accountHistory")).isNotEmpty();
        // changing the fleet: operators and administrators, never auditors
        String deleteJobs = "mutation { deleteJobs(ids: []) }";
        assertThat(classification(auditor.execute(deleteJobs, Map.of()))).isEqualTo("FORBIDDEN");
        assertThat(auditor.execute(deleteJobs, Map.of()).get("errors").get(0).get("message").asText())
                .isEqualTo("Mutation.deleteJobs: needs the role ADMINISTRATOR or OPERATOR");
        assertThat(operator.execute(deleteJobs, Map.of()).get("errors")).isNull();
        // accounts, system settings, projections: administrators only
        for (String adminOnly : List.of("{ accounts { userName } }", "mutation { changeSystemSettings(changes: []) { __typename } }",
                "mutation { unlockAccount(userName: \"oscar\") }", "mutation { rebuildProjection(name: \"job-projection\") { events } }")) {
            assertThat(classification(operator.execute(adminOnly, Map.of()))).as(adminOnly).isEqualTo("FORBIDDEN");
            assertThat(classification(auditor.execute(adminOnly, Map.of()))).as(adminOnly).isEqualTo("FORBIDDEN");
        }
        assertThat(graphql.data("{ accounts { userName roles } }").get("accounts").findValuesAsText("userName")).contains("admin", "audrey", "oscar");
    }

    // --- the audit's actor ---------------------------------------------------------------------------------

    @Test
    void configurationChangesAndJobsRecordTheSignedInAccount() {
        SimulatedPhone phone = SimulatedPhone.generate(991, 1);
        simulator.startUp(phone).join().requireOk();
        awaitProjectionsCaughtUp();
        GraphQlClient oscar = graphql.as("oscar", "OPERATOR");
        oscar.data("mutation($id: ID!) { changeClientConfiguration(deviceId: $id, reason: \"audit\", changes: [{parameter: "
                + "\"general.date-time.sntp-server-address\", value: \"10.9.9.9\"}]) { deviceId } }", Map.of("id", phone.mac()));
        JsonNode trail = await(() -> graphql.data("query($id: ID!) { client(deviceId: $id) { parameterHistory(parameter: "
                        + "\"general.date-time.sntp-server-address\") { kind source actor reason } } }", Map.of("id", phone.mac()))
                .get("client").get("parameterHistory"), t -> t.findValuesAsText("reason").contains("audit"), "the change in the history");
        for (JsonNode e : trail) {
            if (e.path("reason").asText().equals("audit")) {
                assertThat(e.get("actor").asText()).as(e.toString()).isEqualTo("oscar");
            }
        }
        String jobId = oscar.data("mutation($ids: [ID!]) { refreshClients(targets: {deviceIds: $ids}, options: {reason: \"audit\"}) { jobId } }",
                Map.of("ids", List.of(phone.mac()))).get("refreshClients").get("jobId").asText();
        JsonNode job = await(() -> graphql.data("query($id: ID!) { job(id: $id) { initiator } }", Map.of("id", jobId)).get("job"),
                j -> !j.isNull(), "the job");
        assertThat(job.get("initiator").asText()).isEqualTo("oscar");
        assertThat(eventStore.readEvents(jobId).asStream().map(m -> m.getPayload()).filter(p -> p instanceof JobCreated)
                .map(p -> ((JobCreated) p).initiator()).findFirst()).contains("oscar");
    }

    // --- MFA --------------------------------------------------------------------------------------------------

    @Test
    void mfaEnrolmentThenSignInWithACodeAcceptedOnce() {
        GraphQlClient mia = graphql.as("mia", "OPERATOR");
        JsonNode setup = mia.data("mutation { startMfaEnrollment { otpauthUri qrCode secret algorithm digits period } }").get("startMfaEnrollment");
        assertThat(setup.get("qrCode").asText()).startsWith("data:image/png;base64,");
        assertThat(setup.get("otpauthUri").asText()).startsWith("otpauth://totp/deskfleet:mia?secret=" + setup.get("secret").asText());
        String secret = setup.get("secret").asText();
        String alg = setup.get("algorithm").asText();
        assertThat(mia.execute("mutation { confirmMfa(code: \"" + wrongCode(secret, alg) + "\") }", Map.of()).get("errors").get(0)
                .get("message").asText()).contains("wrong authentication code");
        mia.data("mutation($c: String!) { confirmMfa(code: $c) }", Map.of("c", AccountTotp.codeAt(secret, alg, Instant.now())));
        assertThat(mia.data("{ me { mfaEnabled } }").get("me").get("mfaEnabled").asBoolean()).isTrue();

        assertThat(signIn("mia", GraphQlClient.USER_PASSWORD, null).get("data").get("signIn").get("mfaRequired").asBoolean()).isTrue();
        assertThat(signIn("mia", GraphQlClient.USER_PASSWORD, wrongCode(secret, alg)).get("errors")).isNotNull();
        // the code of the next step (the current one was spent on the confirmation)
        String next = AccountTotp.codeAt(secret, alg, Instant.now().plusSeconds(30));
        JsonNode in = signIn("mia", GraphQlClient.USER_PASSWORD, next).get("data").get("signIn");
        assertThat(in.get("sessionToken").asText()).isNotBlank();
        JsonNode replay = signIn("mia", GraphQlClient.USER_PASSWORD, next);
        assertThat(replay.get("errors").get(0).get("message").asText()).startsWith("sign-in refused");
        // the history is the account directory's (fed by the events, a moment later)
        JsonNode history = await(() -> graphql.data("{ accountHistory(userName: \"mia\") { event detail } }").get("accountHistory"),
                h -> h.findValuesAsText("detail").contains("REPLAYED_CODE"), "the replayed code in the account history");
        assertThat(history.findValuesAsText("detail")).contains("REPLAYED_CODE", "WRONG_CODE");
    }

    private static String wrongCode(String secret, String alg) {
        Instant now = Instant.now();
        for (int i = 0; ; i++) {
            String c = String.format("%06d", (123456 + i * 7919) % 1_000_000);
            if (!c.equals(AccountTotp.codeAt(secret, alg, now)) && !c.equals(AccountTotp.codeAt(secret, alg, now.plusSeconds(30)))
                    && !c.equals(AccountTotp.codeAt(secret, alg, now.minusSeconds(30)))) {
                return c;
            }
        }
    }

    // --- sessions -------------------------------------------------------------------------------------------

    @Test
    void sessionsAreListedAndEndedAtOnce() {
        GraphQlClient first = graphql.as("sam", "AUDITOR");
        String second = GraphQlClient.signIn(httpPort, data(), "sam", GraphQlClient.INITIAL_PASSWORD, GraphQlClient.USER_PASSWORD);
        JsonNode sessions = first.data("{ mySessions { id browser operatingSystem start expiresAt current } }").get("mySessions");
        assertThat(sessions.size()).isGreaterThanOrEqualTo(2);
        assertThat(sessions.findValuesAsText("browser")).contains("Java HTTP client");
        String currentId = null;
        String otherId = null;
        for (JsonNode s : sessions) {
            if (s.get("current").asBoolean()) {
                currentId = s.get("id").asText();
            } else {
                otherId = s.get("id").asText();
            }
        }
        assertThat(currentId).isNotNull();
        GraphQlClient secondClient = GraphQlClient.withToken(httpPort, data(), second);
        assertThat(secondClient.post("{ me { userName } }", Map.of()).statusCode()).isEqualTo(200);
        first.data("mutation($id: ID!) { endSession(id: $id) }", Map.of("id", otherId));
        assertThat(secondClient.post("{ me { userName } }", Map.of()).statusCode()).isEqualTo(401);
        assertThat(first.execute("mutation { endSession(id: \"no-such-session\") }", Map.of()).get("errors").get(0).get("message").asText())
                .contains("no open session");
        // sign-out ends the own session: its token is refused from now on
        String third = GraphQlClient.signIn(httpPort, data(), "sam", GraphQlClient.INITIAL_PASSWORD, GraphQlClient.USER_PASSWORD);
        GraphQlClient thirdClient = GraphQlClient.withToken(httpPort, data(), third);
        thirdClient.data("mutation { signOut }");
        HttpResponse<String> after = thirdClient.post("{ me { userName } }", Map.of());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("session ended");
    }

    @Test
    void tokensOfDisabledOrDeletedAccountsAreRefused() {
        GraphQlClient dora = graphql.as("dora", "OPERATOR");
        assertThat(dora.post("{ me { userName } }", Map.of()).statusCode()).isEqualTo(200);
        graphql.data("mutation { setAccountDisabled(userName: \"dora\", disabled: true) }");
        assertThat(dora.post("{ me { userName } }", Map.of()).statusCode()).isEqualTo(401);
        assertThat(signIn("dora", GraphQlClient.USER_PASSWORD, null).get("errors")).isNotNull();
        graphql.data("mutation { setAccountDisabled(userName: \"dora\", disabled: false) }");
        String again = await(() -> signIn("dora", GraphQlClient.USER_PASSWORD, null), r -> r.get("errors") == null, "sign-in once enabled")
                .get("data").get("signIn").get("sessionToken").asText();
        graphql.data("mutation { deleteAccount(userName: \"dora\") }");
        assertThat(GraphQlClient.withToken(httpPort, data(), again).post("{ me { userName } }", Map.of()).statusCode()).isEqualTo(401);
        assertThat(graphql.data("{ account(userName: \"dora\") { userName } }").get("account").isNull()).isTrue();
        assertThat(graphql.execute("mutation { deleteAccount(userName: \"admin\") }", Map.of()).get("errors").get(0).get("message").asText())
                .contains("cannot delete your own account");
    }

    // --- lock-out and notifications -----------------------------------------------------------------------

    @Test
    void repeatedFailuresLockTheAccountAndNotify() throws Exception {
        GraphQlClient lou = graphql.as("lou", "OPERATOR");
        LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket ws = subscribe(lou.token(), frames, "subscription { notifications { kind message } }");
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("lou", "Wrong!Pass-" + i + "x9Zq", null).get("errors")).isNotNull();
        }
        JsonNode pushed = next(frames);
        assertThat(pushed.get("payload").get("data").get("notifications").get("kind").asText()).isEqualTo("FAILED_LOGIN");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        // locked: the right password is refused too, and the open session stops working
        assertThat(signIn("lou", GraphQlClient.USER_PASSWORD, null).get("errors")).isNotNull();
        JsonNode account = await(() -> graphql.data("{ account(userName: \"lou\") { failedLogins locked lastFailedLogin } }").get("account"),
                a -> a.get("locked").asBoolean(), "the lock-out");
        assertThat(account.get("failedLogins").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(lou.post("{ me { userName } }", Map.of()).statusCode()).isEqualTo(401);
        JsonNode adminFeed = await(() -> graphql.data("{ notifications { kind message read } }").get("notifications"),
                n -> n.findValuesAsText("kind").contains("ACCOUNT_LOCKED"), "the administrator's notification");
        assertThat(adminFeed.toString()).contains("Account lou is locked until");
        graphql.data("mutation { markNotificationsRead }");
        assertThat(graphql.data("{ notifications(unreadOnly: true) { kind } }").get("notifications").findValuesAsText("kind"))
                .doesNotContain("ACCOUNT_LOCKED");
        graphql.data("mutation { clearNotifications }");
        assertThat(graphql.data("{ notifications { kind } }").get("notifications").findValuesAsText("kind")).doesNotContain("ACCOUNT_LOCKED");
        // an administrator lifts the lock
        graphql.data("mutation { unlockAccount(userName: \"lou\") }");
        await(() -> signIn("lou", GraphQlClient.USER_PASSWORD, null), r -> r.get("errors") == null, "sign-in after unlocking");
    }

    // --- WebSocket and GraphiQL ---------------------------------------------------------------------------

    @Test
    void webSocketsNeedATokenInConnectionInit() throws Exception {
        LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = https().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("wss://127.0.0.1:" + httpPort + "/graphql"), new Collector(frames, closed)).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"connection_init\"}", true).get();
        // 4401 Unauthorized; the JDK client reports 1006 when the close frame and the TCP close race
        assertThat(closed.get(10, TimeUnit.SECONDS)).isIn(4401, 1006);
        assertThat(frames).noneMatch(f -> f.path("type").asText().equals("connection_ack"));
        CompletableFuture<Integer> closed2 = new CompletableFuture<>();
        WebSocket forged = https().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("wss://127.0.0.1:" + httpPort + "/graphql"), new Collector(frames, closed2)).get(10, TimeUnit.SECONDS);
        forged.sendText(JSON.writeValueAsString(Map.of("type", "connection_init", "payload", Map.of("token", "garbage"))), true).get();
        assertThat(closed2.get(10, TimeUnit.SECONDS)).isIn(4401, 1006);
        assertThat(frames).noneMatch(f -> f.path("type").asText().equals("connection_ack"));
    }

    @Test
    void graphiqlIsBehindTheSignInPage() throws Exception {
        HttpClient http = https();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + "/graphiql"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/signin");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + "/graphiql")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + java.net.URLEncoder.encode(GraphQlClient.ADMIN_PASSWORD,
                        java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(303);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Secure");
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + "/graphiql?path=/graphql"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(200);
        // GraphiQL's subscriptions: its script cannot read the HttpOnly cookie, the browser sends it with the handshake
        LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket ws = https().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .buildAsync(URI.create("wss://127.0.0.1:" + httpPort + "/graphql"), new Collector(frames, new CompletableFuture<>()))
                .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"connection_init\"}", true).get();
        assertThat(next(frames).get("type").asText()).isEqualTo("connection_ack");
        ws.abort();
    }

    private WebSocket subscribe(String token, LinkedBlockingQueue<JsonNode> frames, String query) throws Exception {
        WebSocket ws = https().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("wss://127.0.0.1:" + httpPort + "/graphql"), new Collector(frames, new CompletableFuture<>()))
                .get(10, TimeUnit.SECONDS);
        ws.sendText(JSON.writeValueAsString(Map.of("type", "connection_init", "payload", Map.of("token", token))), true).get();
        assertThat(next(frames).get("type").asText()).isEqualTo("connection_ack");
        ws.sendText(JSON.writeValueAsString(Map.of("id", "1", "type", "subscribe", "payload", Map.of("query", query))), true).get();
        Thread.sleep(300);
        return ws;
    }

    private static JsonNode next(LinkedBlockingQueue<JsonNode> frames) throws InterruptedException {
        JsonNode f = frames.poll(30, TimeUnit.SECONDS);
        assertThat(f).as("a frame within 30 s").isNotNull();
        return f.get("type").asText().equals("ping") ? next(frames) : f;
    }

    private record Collector(LinkedBlockingQueue<JsonNode> frames, CompletableFuture<Integer> closed) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            try {
                frames.add(JSON.readTree(data.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }
}
