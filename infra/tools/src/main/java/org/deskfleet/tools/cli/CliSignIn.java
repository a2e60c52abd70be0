package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How the command-line tools sign in: the session token from {@code DESKFLEET_TOKEN}, or user name and password
 * asked on the terminal (the code too when MFA is on, and a new password when the account must change it).
 * {@code deskfleet login} prints {@code export DESKFLEET_TOKEN=...} for the shell. The password and the token
 * only ever travel over HTTPS to a server whose certificate {@link ServerTrust} trusts.
 */
public final class CliSignIn {

    public static final String ENV = "DESKFLEET_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String DEFAULT_URL = "https://127.0.0.1:8080/graphql";
    private static final String USAGE = "usage: deskfleet login [--url " + DEFAULT_URL + "] [--data DIR | --cacert FILE]"
            + "   (prints export " + ENV + "=...)\n"
            + "  https:// trusts the server's certificate DIR/tls/http-server.crt (DIR: --data, $DESKFLEET_DATA or ./data)\n"
            + "  or the PEM certificate(s) of --cacert.";

    private CliSignIn() {
    }

    /** {@code deskfleet login}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String url = DEFAULT_URL;
        String caCert = null;
        String dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url", "--cacert", "--data" -> {
                    if (i + 1 >= args.length) {
                        err.println("deskfleet login: " + args[i] + " needs a value");
                        return 1;
                    }
                    String v = args[++i];
                    switch (args[i - 1]) {
                        case "--url" -> url = v;
                        case "--cacert" -> caCert = v;
                        default -> dataDir = v;
                    }
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("deskfleet login: unexpected argument '" + args[i] + "'");
                    err.println(USAGE);
                    return 1;
                }
            }
        }
        try {
            URI uri = URI.create(url);
            String token = prompt(ServerTrust.clientFor(uri, caCert, dataDir), uri, err);
            out.println("export " + ENV + "=" + token);
            return 0;
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("deskfleet login: " + e.getMessage());
            return 1;
        }
    }

    /** The token of the environment, or one signed in for on the terminal. */
    public static String token(HttpClient http, URI graphqlHttp, PrintStream err) {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return prompt(http, graphqlHttp, err);
    }

    /** The GraphQL HTTP URL of a WebSocket one (ws → http, wss → https). */
    public static URI httpOf(URI ws) {
        return URI.create(ws.toString().replaceFirst("^ws", "http"));
    }

    private static String prompt(HttpClient http, URI graphql, PrintStream err) {
        Console console = System.console();
        if (console == null) {
            throw new IllegalStateException("not signed in: set " + ENV + " (deskfleet login prints it) or run in a terminal");
        }
        String user = console.readLine("deskfleet user name: ");
        char[] password = console.readPassword("password: ");
        if (user == null || password == null) {
            throw new IllegalStateException("sign-in cancelled");
        }
        JsonNode r = signIn(http, graphql, user, new String(password), null);
        if (r.path("mfaRequired").asBoolean()) {
            r = signIn(http, graphql, user, new String(password), console.readLine("authentication code: "));
        }
        String token = r.path("sessionToken").asText();
        if (r.path("mustChangePassword").asBoolean()) {
            err.println("This account must change its password first (14-20 characters: upper, lower, digit, special; "
                    + "no 4 identical or sequential in a row; not the user name).");
            String next = new String(console.readPassword("new password: "));
            if (!next.equals(new String(console.readPassword("new password again: ")))) {
                throw new IllegalStateException("the two new passwords differ; nothing changed");
            }
            changePassword(http, graphql, token, new String(password), next);
        }
        return token;
    }

    /** {@code signIn} over HTTP: its result, or IllegalStateException with the server's reason. */
    public static JsonNode signIn(HttpClient http, URI graphql, String user, String password, String code) {
        Map<String, Object> v = new HashMap<>(Map.of("u", user, "p", password));
        v.put("c", code);
        return call(http, graphql, null, "mutation($u: String!, $p: String!, $c: String) { signIn(userName: $u, password: $p, code: $c) "
                + "{ mfaRequired sessionToken mustChangePassword } }", v).get("signIn");
    }

    public static void changePassword(HttpClient http, URI graphql, String token, String oldPassword, String newPassword) {
        call(http, graphql, token, "mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) }",
                Map.of("o", oldPassword, "n", newPassword));
    }

    /** One GraphQL call; its data, or IllegalStateException with the errors. */
    public static JsonNode call(HttpClient http, URI graphql, String token, String query, Map<String, Object> variables) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(graphql).timeout(Duration.ofMinutes(30))
                    .header("Content-Type", "application/json").header("User-Agent", "deskfleet-cli")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query, "variables", variables))));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // a server that has just started answers 503 (Retry-After) until its accounts are loaded
            for (int tries = 0; r.statusCode() == 503 && tries < 60; tries++) {
                Thread.sleep(1_000L * Math.max(1, Math.min(10, r.headers().firstValueAsLong("Retry-After").orElse(1))));
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " from " + graphql + ": " + r.body());
            }
            JsonNode body = JSON.readTree(r.body());
            if (body.hasNonNull("errors") && !body.get("errors").isEmpty()) {
                throw new IllegalStateException(body.get("errors").get(0).path("message").asText());
            }
            return body.get("data");
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + graphql + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
