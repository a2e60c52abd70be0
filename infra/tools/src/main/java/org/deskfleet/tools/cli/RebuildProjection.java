package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code deskfleet rebuild [PROJECTION] [--http-port N] [--data DIR | --cacert FILE] [--plain]}: signed in (as
 * {@code follow}: {@code DESKFLEET_TOKEN}, or user name and password asked on the terminal), over HTTPS trusting the
 * server's own certificate, starts a projection rebuild and waits for its end
 * however long it takes, with a progress bar (events done of total, rate, time left) from {@code rebuildProgress};
 * plain lines every few seconds when the output is not a terminal. Exit 0 when rebuilt, 1 otherwise.
 */
public final class RebuildProjection {

    static final String USAGE = """
            usage: deskfleet rebuild [PROJECTION] [--http-port N] [--data DIR | --cacert FILE] [--plain]
              PROJECTION     client-projection (default), history-projection, template-projection,
                             system-settings-projection, job-projection, mobile-user-projection,
                             firmware-report-projection
              --http-port N  the server's HTTPS port (default 8080, or DESKFLEET_HTTP_PORT)
              --data DIR     trust the server's certificate DIR/tls/http-server.crt (default $DESKFLEET_DATA or ./data)
              --cacert FILE  trust the PEM certificate(s) of FILE instead
              signed in with DESKFLEET_TOKEN (deskfleet login prints it), or asked for user and password
              --plain        one line every few seconds instead of a progress bar
              --help         this text
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RebuildProjection() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String projection = null;
        String env = System.getenv("DESKFLEET_HTTP_PORT");
        int port = env == null || env.isBlank() ? 8080 : Integer.parseInt(env.strip());
        boolean terminal = System.console() != null;
        String caCert = null;
        String dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--plain" -> terminal = false;
                case "--cacert", "--data" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                        err.println("deskfleet rebuild: " + args[i] + " needs a value");
                        return 1;
                    }
                    if (args[i].equals("--cacert")) {
                        caCert = args[++i];
                    } else {
                        dataDir = args[++i];
                    }
                }
                case "--http-port" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{1,5}")) {
                        err.println("deskfleet rebuild: --http-port needs a port number");
                        return 1;
                    }
                    port = Integer.parseInt(args[++i]);
                }
                default -> {
                    if (args[i].startsWith("-") || projection != null || !args[i].matches("[a-z][a-z-]*")) {
                        err.println("deskfleet rebuild: " + (args[i].startsWith("-") ? "unknown option '" + args[i] + "'"
                                : projection != null ? "one projection at a time" : "'" + args[i] + "' is not a projection name"));
                        err.print(USAGE);
                        return 1;
                    }
                    projection = args[i];
                }
            }
        }
        URI url = URI.create("https://127.0.0.1:" + port + "/graphql");
        HttpClient http;
        String token;
        try {
            http = ServerTrust.clientFor(url, caCert, dataDir);
            token = CliSignIn.token(http, url, err);
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("deskfleet rebuild: " + e.getMessage());
            return 1;
        }
        return rebuild(projection == null ? "client-projection" : projection, http, url, token, terminal, out, err);
    }

    /** The command once it has its HTTPS client and token. */
    public static int rebuild(String projection, HttpClient http, URI url, String token, boolean terminal,
                               PrintStream out, PrintStream err) throws Exception {
        JsonNode before;
        try {
            before = post(http, url, token, "query($p: String!) { rebuildProgress(name: $p) { running } }", projection);
        } catch (Refused e) {
            err.println("deskfleet rebuild: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("deskfleet rebuild: no server at " + url + " (" + e.getMessage() + ")");
            return 1;
        }
        if (before.has("errors")) {
            err.println("deskfleet rebuild: " + before.get("errors").get(0).get("message").asText());
            return 1;
        }
        // The mutation answers at the end; a proxy or the server may give up on the request first, which stops
        // nothing: the rebuild's own progress says when it is over.
        CompletableFuture<JsonNode> result = CompletableFuture.supplyAsync(() -> {
            try {
                return post(http, url, token, "mutation($p: String!) { rebuildProjection(name: $p) { projection events millis } }", projection);
            } catch (Exception e) {
                return null;
            }
        });
        out.println("rebuilding " + projection + " (the old read model answers until the replay has caught up)");
        boolean seenRunning = false;
        long lastLine = 0;
        while (true) {
            Thread.sleep(500);
            JsonNode p = post(http, url, token, "query($p: String!) { rebuildProgress(name: $p) { running done total eventsPerSecond etaSeconds millis } }",
                    projection).path("data").path("rebuildProgress");
            boolean runningNow = p.path("running").asBoolean();
            seenRunning |= runningNow;
            long done = p.path("done").asLong();
            long total = p.path("total").asLong();
            String line = String.format("%s %,d / %,d events, %,.0f events/s, %s left", bar(done, total), done, total,
                    p.path("eventsPerSecond").asDouble(), p.path("etaSeconds").isNull() ? "?" : p.path("etaSeconds").asLong() + " s");
            if (terminal) {
                out.print("\r" + line + "   ");
            } else if (System.nanoTime() - lastLine > 5_000_000_000L) {
                out.println(line);
                lastLine = System.nanoTime();
            }
            JsonNode r = result.isDone() ? result.join() : null;
            if (r != null && r.has("errors")) {
                out.println();
                err.println("deskfleet rebuild: " + r.get("errors").get(0).get("message").asText());
                return 1;
            }
            if ((seenRunning || result.isDone()) && !runningNow) {
                if (terminal) {
                    out.println();
                }
                out.printf("%s rebuilt: %,d events in %.1f s%n", projection, total, p.path("millis").asLong() / 1000.0);
                return 0;
            }
        }
    }

    private static String bar(long done, long total) {
        int width = 30;
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }

    private static JsonNode post(HttpClient http, URI url, String token, String query, String projection) throws Exception {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", Map.of("p", projection)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .header("User-Agent", "deskfleet-cli").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new Refused(r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /** The server answered, and refused: not "no server". */
    static final class Refused extends Exception {
        Refused(int status) {
            super(switch (status) {
                case 401 -> "the server did not accept the sign-in (HTTP 401): the token has expired or is not valid; "
                        + "sign in again (deskfleet login) or leave DESKFLEET_TOKEN unset to be asked";
                case 403 -> "this account may not rebuild projections (HTTP 403): an administrator may";
                default -> "the server answered HTTP " + status;
            });
        }
    }
}
