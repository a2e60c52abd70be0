package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code deskfleet report audit --from T --to T [--format csv|json] [--device MAC] [--http-port N]
 * [--data DIR | --cacert FILE]}: the audit export ({@code GET /reports/audit}) written to standard output as the
 * server streams it (nothing held: an export of millions of rows goes straight to a file or a pipe). Signed in as
 * {@code rebuild} ({@code DESKFLEET_TOKEN}, or user name and password asked on the terminal), over HTTPS trusting the
 * server's own certificate. Exit 0 when the export is complete, 1 otherwise (the server's reason on standard error).
 */
public final class ReportCommand {

    static final String USAGE = """
            usage: deskfleet report audit --from TIME --to TIME [--format csv|json] [--device MAC]
                                          [--http-port N] [--data DIR | --cacert FILE]
              audit          every parameter change with from <= time < to, oldest first, to standard output
              --from TIME    start of the window, an ISO-8601 instant such as 2026-11-01T00:00:00Z (included)
              --to TIME      end of the window (excluded)
              --format F     csv (default: a header line, RFC 4180) or json (one array)
              --device MAC   the changes of one phone only
              --http-port N  the server's HTTPS port (default 8080, or DESKFLEET_HTTP_PORT)
              --data DIR     trust the server's certificate DIR/tls/http-server.crt (default $DESKFLEET_DATA or ./data)
              --cacert FILE  trust the PEM certificate(s) of FILE instead
              signed in with DESKFLEET_TOKEN (deskfleet login prints it), or asked for user and password;
              the account needs the role AUDITOR or ADMINISTRATOR. Secret values are never exported.
              --help         this text
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(args, out, err, null, null);
    }

    /** With {@code http} and {@code token} given (tests), no trust or sign-in of its own. */
    static int run(String[] args, OutputStream out, PrintStream err, HttpClient http, String token) throws Exception {
        String report = null;
        Map<String, String> query = new LinkedHashMap<>();
        String env = System.getenv("DESKFLEET_HTTP_PORT");
        int port = env == null || env.isBlank() ? 8080 : Integer.parseInt(env.strip());
        String caCert = null;
        String dataDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    out.write(USAGE.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return 0;
                }
                case "--from", "--to", "--format", "--device", "--cacert", "--data", "--http-port" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        return refuse(err, a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--from", "--to" -> {
                            try {
                                Instant.parse(v);
                            } catch (DateTimeParseException e) {
                                return refuse(err, a + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, got '" + v + "'");
                            }
                            query.put(a.substring(2), v);
                        }
                        case "--format" -> {
                            if (!v.equals("csv") && !v.equals("json")) {
                                return refuse(err, "--format must be csv or json, got '" + v + "'");
                            }
                            query.put("format", v);
                        }
                        case "--device" -> query.put("device", v);
                        case "--cacert" -> caCert = v;
                        case "--data" -> dataDir = v;
                        default -> {
                            if (!v.matches("\\d{1,5}")) {
                                return refuse(err, "--http-port needs a port number");
                            }
                            port = Integer.parseInt(v);
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        return refuse(err, "unknown option '" + a + "'");
                    }
                    if (report != null || !a.equals("audit")) {
                        return refuse(err, "unknown report '" + a + "' (known: audit)");
                    }
                    report = a;
                }
            }
        }
        if (report == null) {
            return refuse(err, "which report? (known: audit)");
        }
        if (!query.containsKey("from") || !query.containsKey("to")) {
            return refuse(err, "audit needs --from and --to");
        }
        if (Instant.parse(query.get("from")).isAfter(Instant.parse(query.get("to")))) {
            return refuse(err, "--from is after --to");
        }
        URI graphql = URI.create("https://127.0.0.1:" + port + "/graphql");
        try {
            if (http == null) {
                http = ServerTrust.clientFor(graphql, caCert, dataDir);
            }
            if (token == null) {
                token = CliSignIn.token(http, graphql, err);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("deskfleet report: " + e.getMessage());
            return 1;
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI url = graphql.resolve("/reports/audit" + q);
        HttpResponse<InputStream> r;
        try {
            r = http.send(HttpRequest.newBuilder(url).header("User-Agent", "deskfleet-cli")
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.IOException e) {
            err.println("deskfleet report: no server at " + url.resolve("/") + " (" + e.getMessage() + ")");
            return 1;
        }
        try (InputStream body = r.body()) {
            if (r.statusCode() != 200) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                String reason = text;
                try {
                    JsonNode j = JSON.readTree(text);
                    reason = j.path("message").asText(text);
                } catch (Exception notJson) {
                    // the plain text is the reason
                }
                err.println("deskfleet report: HTTP " + r.statusCode() + ": " + reason);
                return 1;
            }
            body.transferTo(out);
            out.flush();
        }
        return 0;
    }

    private static int refuse(PrintStream err, String why) {
        err.println("deskfleet report: " + why);
        err.print(USAGE);
        return 1;
    }
}
