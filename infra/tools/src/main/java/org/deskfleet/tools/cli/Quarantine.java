package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deskfleet quarantine list | approve MAC... [--reason TEXT]}: the phones held in quarantine (unknown
 * phones, when the unknown-phones setting is QUARANTINE) and their approval, signed in as {@code rebuild} and
 * {@code follow} are ({@code DESKFLEET_TOKEN}, or user and password asked on the terminal), over HTTPS trusting the
 * server's own certificate. Approval is all or nothing: one unknown MAC and none is approved (the server's rule).
 */
public final class Quarantine {

    static final String USAGE = """
            usage: deskfleet quarantine list [OPTIONS]
                   deskfleet quarantine approve MAC... [--reason TEXT] [OPTIONS]
              list           the quarantined phones: MAC, device type, number, address, since when
              approve MAC... make these quarantined phones clients (all or none: an unknown MAC approves nobody)
              --reason TEXT  recorded with the approval (e.g. "badge checked")
              --http-port N  the server's HTTPS port (default 8080, or DESKFLEET_HTTP_PORT)
              --data DIR     trust the server's certificate DIR/tls/http-server.crt (default $DESKFLEET_DATA or ./data)
              --cacert FILE  trust the PEM certificate(s) of FILE instead
              signed in with DESKFLEET_TOKEN (deskfleet login prints it), or asked for user and password
              --help         this text
            """;
    static final String LIST = """
            query($a: String) { clients(filter: {quarantined: true}, first: 500, after: $a) {
              nodes { deviceId deviceType e164 ipAddress softwareVersion registeredAt } pageInfo { endCursor hasNextPage } } }""";
    static final String APPROVE = "mutation($ids: [ID!]!, $r: String) { approveClients(deviceIds: $ids, reason: $r) }";
    private static final int MAX_APPROVE = 10_000;

    private Quarantine() {
    }

    /** What the command line asks for, once checked. */
    public record Request(String action, List<String> macs, String reason, int port, String caCert, String dataDir) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Request request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("deskfleet quarantine: " + e.getMessage());
            err.print(USAGE);
            return 1;
        }
        if (request == null) {
            out.print(USAGE);
            return 0;
        }
        URI url = URI.create("https://127.0.0.1:" + request.port() + "/graphql");
        HttpClient http;
        String token;
        try {
            http = ServerTrust.clientFor(url, request.caCert(), request.dataDir());
            token = CliSignIn.token(http, url, err);
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("deskfleet quarantine: " + e.getMessage());
            return 1;
        }
        return execute(request, http, url, token, out, err);
    }

    /** The command once it has its HTTPS client and token. */
    public static int execute(Request request, HttpClient http, URI url, String token, PrintStream out, PrintStream err) {
        try {
            if (request.action().equals("list")) {
                int n = 0;
                String after = null;
                do {
                    Map<String, Object> v = new HashMap<>();
                    v.put("a", after);
                    JsonNode page = CliSignIn.call(http, url, token, LIST, v).get("clients");
                    for (JsonNode c : page.get("nodes")) {
                        if (n++ == 0) {
                            out.printf("%-17s  %-22s  %-14s  %-15s  %s%n", "MAC", "DEVICE TYPE", "NUMBER", "ADDRESS", "SINCE");
                        }
                        out.printf("%-17s  %-22s  %-14s  %-15s  %s%n", c.path("deviceId").asText(), text(c, "deviceType"),
                                text(c, "e164"), text(c, "ipAddress"), text(c, "registeredAt"));
                    }
                    after = page.path("pageInfo").path("hasNextPage").asBoolean() ? page.path("pageInfo").path("endCursor").asText() : null;
                } while (after != null);
                out.println(n == 0 ? "no phone is quarantined" : n + " quarantined phone" + (n == 1 ? "" : "s"));
                return 0;
            }
            Map<String, Object> v = new HashMap<>();
            v.put("ids", request.macs());
            v.put("r", request.reason());
            JsonNode approved = CliSignIn.call(http, url, token, APPROVE, v).get("approveClients");
            List<String> ids = new ArrayList<>();
            approved.forEach(id -> ids.add(id.asText()));
            ids.forEach(out::println);
            out.println(ids.size() + " phone" + (ids.size() == 1 ? "" : "s") + " approved");
            return 0;
        } catch (IllegalStateException e) {
            err.println("deskfleet quarantine: " + e.getMessage());
            return 1;
        }
    }

    /** The request, null for {@code --help}; IllegalArgumentException with the reason when the line is wrong. */
    public static Request parse(String[] args) {
        String env = System.getenv("DESKFLEET_HTTP_PORT");
        int port = env == null || env.isBlank() ? 8080 : Integer.parseInt(env.strip());
        String action = null;
        List<String> macs = new ArrayList<>();
        String reason = null;
        String caCert = null;
        String dataDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--cacert", "--data", "--reason" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    String value = args[++i];
                    switch (a) {
                        case "--cacert" -> caCert = value;
                        case "--data" -> dataDir = value;
                        default -> reason = value;
                    }
                }
                case "--http-port" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{1,5}")) {
                        throw new IllegalArgumentException("--http-port needs a port number");
                    }
                    port = Integer.parseInt(args[++i]);
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    }
                    if (action == null) {
                        if (!a.equals("list") && !a.equals("approve")) {
                            throw new IllegalArgumentException("'" + a + "' is no quarantine command: use list or approve");
                        }
                        action = a;
                    } else if (action.equals("approve")) {
                        // The server checks that each is a known phone; a MAC's shape is checked here already.
                        if (!a.matches("(?i)[0-9a-f]{12}|[0-9a-f]{2}([:-][0-9a-f]{2}){5}")) {
                            throw new IllegalArgumentException("'" + a + "' is not a MAC address (e.g. 00:1a:e8:12:34:56)");
                        }
                        macs.add(a);
                    } else {
                        throw new IllegalArgumentException("list takes no arguments, got '" + a + "'");
                    }
                }
            }
        }
        if (action == null) {
            throw new IllegalArgumentException("say what to do: list or approve MAC...");
        }
        if (action.equals("approve") && macs.isEmpty()) {
            throw new IllegalArgumentException("approve needs at least one MAC address");
        }
        if (macs.size() > MAX_APPROVE) {
            throw new IllegalArgumentException("at most " + MAX_APPROVE + " phones at a time");
        }
        if (reason != null && action.equals("list")) {
            throw new IllegalArgumentException("--reason goes with approve only");
        }
        return new Request(action, List.copyOf(macs), reason, port, caCert, dataDir);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? "-" : v.asText();
    }
}
