package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP GraphQL client: the tests see the API exactly as an operator's tool does, signed in as the
 * first start's administrator (whose initial password it changes to {@link #ADMIN_PASSWORD} once per server).
 */
final class GraphQlClient {

    static final String ADMIN_PASSWORD = "Fleet!Keeper-7x2Q";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, String> USER_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private volatile String token;
    private final boolean admin;

    /** Signed in as the administrator. */
    GraphQlClient(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
        this.token = ADMIN_TOKENS.computeIfAbsent(endpoint.toString(), k -> adminToken(endpoint));
        this.admin = true;
    }

    private GraphQlClient(URI endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
        this.admin = false;
    }

    /** Not signed in at all. */
    static GraphQlClient anonymous(int port) {
        return new GraphQlClient(URI.create("http://127.0.0.1:" + port + "/graphql"), null);
    }

    /** With this session token. */
    static GraphQlClient withToken(int port, String token) {
        return new GraphQlClient(URI.create("http://127.0.0.1:" + port + "/graphql"), token);
    }

    String token() {
        return token;
    }

    /** Signs in (and, for a new account, changes the password first); returns the session token. */
    static String signIn(int port, String user, String initialPassword, String password) {
        GraphQlClient anonymous = anonymous(port);
        String query = "mutation($u: String!, $p: String!) { signIn(userName: $u, password: $p) { sessionToken mustChangePassword } }";
        JsonNode r = anonymous.execute(query, Map.of("u", user, "p", password));
        if (r.path("data").path("signIn").hasNonNull("sessionToken")) {
            return r.get("data").get("signIn").get("sessionToken").asText();
        }
        JsonNode first = anonymous.data(query, Map.of("u", user, "p", initialPassword)).get("signIn");
        String t = first.get("sessionToken").asText();
        withToken(port, t).data("mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) }",
                Map.of("o", initialPassword, "n", password));
        return t;
    }

    static final String INITIAL_PASSWORD = "Start!Word-5k9Zq";
    static final String USER_PASSWORD = "Daily!Word-8m3Xr";

    /** Signed in as {@code user} with {@code role}: the administrator creates the account the first time. */
    GraphQlClient as(String user, String role) {
        String key = endpoint + "|" + user;
        String t = USER_TOKENS.computeIfAbsent(key, k -> {
            if (data("query($u: String!) { account(userName: $u) { userName } }", Map.of("u", user)).get("account").isNull()) {
                data("mutation($a: NewAccount!) { createAccount(account: $a) { userName } }", Map.of("a",
                        Map.of("userName", user, "roles", java.util.List.of(role), "password", INITIAL_PASSWORD)));
            }
            return signIn(endpoint.getPort(), user, INITIAL_PASSWORD, USER_PASSWORD);
        });
        return new GraphQlClient(endpoint, t);
    }

    private static String adminToken(URI endpoint) {
        return signIn(endpoint.getPort(), "admin", "change_me", ADMIN_PASSWORD);
    }

    /** The whole response (data and errors). */
    JsonNode execute(String query, Map<String, Object> variables) {
        HttpResponse<String> r = post(query, variables);
        if (r.statusCode() == 401 && admin) {
            // another server on a port an earlier one had (tests that restart): sign in there
            token = adminToken(endpoint);
            ADMIN_TOKENS.put(endpoint.toString(), token);
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
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
