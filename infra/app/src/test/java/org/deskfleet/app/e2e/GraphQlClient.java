package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.deskfleet.app.config.HttpsConfiguration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * HTTPS GraphQL client: the tests see the API exactly as an operator's tool does, trusting the server's own
 * certificate (generated under its data directory) the way the CLI does, and signed in as the first start's
 * administrator (whose initial password it changes to {@link #ADMIN_PASSWORD} once per server).
 */
final class GraphQlClient {

    static final String ADMIN_PASSWORD = "Fleet!Keeper-7x2Q";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();
    /** When each administrator token was signed in (nanoTime). */
    private static final Map<String, Long> SIGNED_AT = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, String> USER_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http;
    private final URI endpoint;
    private final Path data;
    private volatile String token;
    private final boolean admin;

    /** Signed in as the administrator of the server on {@code port} whose data directory is {@code data}. */
    GraphQlClient(int port, Path data) {
        this.http = client(port, data);
        this.endpoint = endpoint(port);
        this.data = data;
        this.token = ADMIN_TOKENS.computeIfAbsent(key(endpoint, data), k -> adminToken(endpoint.getPort(), data));
        this.admin = true;
    }

    private GraphQlClient(int port, Path data, String token) {
        this.http = client(port, data);
        this.endpoint = endpoint(port);
        this.data = data;
        this.token = token;
        this.admin = false;
    }

    /**
     * One client (and its kept-alive TLS connections) per server, trusting that server's certificate only, as the
     * CLI does; a connection timeout for a machine under load (a TLS handshake per test would add up).
     */
    static HttpClient client(int port, Path data) {
        return CLIENTS.computeIfAbsent(port + "|" + data, k -> HttpClient.newBuilder()
                .sslContext(ServerCertificateTrust.trusting(HttpsConfiguration.certificateFile(data)))
                .connectTimeout(Duration.ofSeconds(60)).build());
    }

    private static URI endpoint(int port) {
        return URI.create("https://127.0.0.1:" + port + "/graphql");
    }

    /** A server is its port and its data directory (tests that restart reuse ports). */
    private static String key(URI endpoint, Path data) {
        return endpoint + "|" + data;
    }

    /** Not signed in at all (but trusting the server's certificate: refusals are the API's, not TLS's). */
    static GraphQlClient anonymous(int port, Path data) {
        return new GraphQlClient(port, data, null);
    }

    /** With this session token. */
    static GraphQlClient withToken(int port, Path data, String token) {
        return new GraphQlClient(port, data, token);
    }

    /**
     * The session token, for a request of the test's own. The administrator's is kept for a whole test run, and a
     * session token lives 15 minutes: one older than 10 is replaced by a new sign-in first.
     */
    String token() {
        if (admin && System.nanoTime() - SIGNED_AT.getOrDefault(token, System.nanoTime()) > Duration.ofMinutes(10).toNanos()) {
            return freshAdminToken();
        }
        return token;
    }

    /** A session token of the administrator's just signed in, for a tool run that takes a while. */
    String freshAdminToken() {
        token = adminToken(endpoint.getPort(), data);
        ADMIN_TOKENS.put(key(endpoint, data), token);
        return token;
    }

    /** Signs in (and, for a new account, changes the password first); returns the session token. */
    static String signIn(int port, Path data, String user, String initialPassword, String password) {
        GraphQlClient anonymous = anonymous(port, data);
        String query = "mutation($u: String!, $p: String!) { signIn(userName: $u, password: $p) { sessionToken mustChangePassword } }";
        JsonNode r = anonymous.execute(query, Map.of("u", user, "p", password));
        if (r.path("data").path("signIn").hasNonNull("sessionToken")) {
            return r.get("data").get("signIn").get("sessionToken").asText();
        }
        JsonNode first = anonymous.data(query, Map.of("u", user, "p", initialPassword)).get("signIn");
        String t = first.get("sessionToken").asText();
        withToken(port, data, t).data("mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) }",
                Map.of("o", initialPassword, "n", password));
        return t;
    }

    static final String INITIAL_PASSWORD = "Start!Word-5k9Zq";
    static final String USER_PASSWORD = "Daily!Word-8m3Xr";

    /**
     * Signed in as {@code user} with {@code role}: the administrator creates the account the first time. Kept for the
     * test run like the administrator's token, and signed in again once older than 10 minutes (a session lives 15).
     */
    GraphQlClient as(String user, String role) {
        String key = key(endpoint, data) + "|" + user;
        USER_TOKENS.computeIfPresent(key, (k, t) -> System.nanoTime() - SIGNED_AT.getOrDefault(t, System.nanoTime())
                > Duration.ofMinutes(10).toNanos() ? null : t);
        String t = USER_TOKENS.computeIfAbsent(key, k -> {
            if (data("query($u: String!) { account(userName: $u) { userName } }", Map.of("u", user)).get("account").isNull()) {
                data("mutation($a: NewAccount!) { createAccount(account: $a) { userName } }", Map.of("a",
                        Map.of("userName", user, "roles", java.util.List.of(role), "password", INITIAL_PASSWORD)));
            }
            String signedIn = signIn(endpoint.getPort(), data, user, INITIAL_PASSWORD, USER_PASSWORD);
            SIGNED_AT.put(signedIn, System.nanoTime());
            return signedIn;
        });
        return new GraphQlClient(endpoint.getPort(), data, t);
    }

    private static String adminToken(int port, Path data) {
        String t = signIn(port, data, "admin", "change_me", ADMIN_PASSWORD);
        SIGNED_AT.put(t, System.nanoTime());
        return t;
    }

    /** The whole response (data and errors). */
    JsonNode execute(String query, Map<String, Object> variables) {
        HttpResponse<String> r = post(query, variables);
        if (r.statusCode() == 401 && admin) {
            // another server on a port an earlier one had (tests that restart): sign in there
            token = adminToken(endpoint.getPort(), data);
            ADMIN_TOKENS.put(key(endpoint, data), token);
            r = post(query, variables);
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("GraphQL HTTP " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("GraphQL answer is not JSON: " + r.body(), e);
        }
    }

    /** The raw HTTP answer (status, headers, body). */
    HttpResponse<String> post(String query, Map<String, Object> variables) {
        try {
            String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return ServerCertificateTrust.sendWhileStarting(http, request.build());
        } catch (IOException e) {
            throw new AssertionError("GraphQL request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The data, failing on any error. */
    JsonNode data(String query, Map<String, Object> variables) {
        JsonNode r = execute(query, variables);
        if (r.hasNonNull("errors") && !r.get("errors").isEmpty()) {
            throw new AssertionError("GraphQL errors: " + r.get("errors"));
        }
        return r.get("data");
    }

    JsonNode data(String query) {
        return data(query, Map.of());
    }
}
