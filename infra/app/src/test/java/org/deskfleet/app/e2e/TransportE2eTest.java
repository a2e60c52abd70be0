package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionQuery;
import org.deskfleet.app.config.HttpsConfiguration;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP API's transport and limits, over real HTTPS and WebSocket-over-TLS sockets: its own certificate,
 * Host and Origin checks, body and message size, query depth / cost, list caps, GraphiQL from the jar.
 */
class TransportE2eTest extends EndToEndSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private URI api() {
        return URI.create("https://127.0.0.1:" + httpPort + "/graphql");
    }

    /** Signed in as the administrator: what is refused here is refused for its transport, not for want of a token. */
    private HttpResponse<String> post(HttpClient client, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api()).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + graphql.token())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String query(String query, Map<String, Object> variables) throws IOException {
        return JSON.writeValueAsString(Map.of("query", query, "variables", variables));
    }

    private static String firstError(JsonNode response) {
        assertThat(response.path("errors").isEmpty()).as(response.toString()).isFalse();
        return response.get("errors").get(0).get("message").asText();
    }

    // --- HTTPS ----------------------------------------------------------------------------------------------

    @Test
    void theApiSpeaksHttpsWithItsOwnCertificateKeptPrivately() throws Exception {
        Path tls = data().resolve("tls");
        Path key = tls.resolve(HttpsConfiguration.FILE_NAME + ".key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(HttpsConfiguration.certificateFile(data()))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        // The certificate the server presents is the one in the data directory: the client trusts nothing else.
        try (SSLSocket s = socket()) {
            s.startHandshake();
            assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(cert);
        }
        assertThat(graphql.data("{ clients { totalCount } }").get("clients").has("totalCount")).isTrue();
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnectAndPlainHttpIsNotServed() {
        HttpClient jdkDefaults = HttpClient.newHttpClient();
        assertThatThrownBy(() -> post(jdkDefaults, "{\"query\":\"{ clients { totalCount } }\"}"))
                .isInstanceOf(SSLHandshakeException.class);
        URI plain = URI.create("http://127.0.0.1:" + httpPort + "/graphql");
        assertThatThrownBy(() -> {
            HttpResponse<String> r = jdkDefaults.send(HttpRequest.newBuilder(plain).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ clients { totalCount } }\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // Tomcat answers plain HTTP on a TLS port with 400 and no GraphQL at all.
            assertThat(r.body()).doesNotContain("totalCount");
            throw new IOException("refused with " + r.statusCode());
        }).isInstanceOf(IOException.class);
    }

    // --- Host and Origin -----------------------------------------------------------------------------------

    @Test
    void aForeignHostNameIsRefusedAndAnIpLiteralOrLocalhostIsServed() throws Exception {
        String body = "{\"query\":\"{ clients { totalCount } }\"}";
        assertThat(raw("POST", "rebind.attacker.example", null, body)).startsWith("HTTP/1.1 403")
                .contains("does not answer to the host name 'rebind.attacker.example'");
        assertThat(raw("POST", "localhost:" + httpPort, null, body)).startsWith("HTTP/1.1 200").contains("totalCount");
        assertThat(raw("POST", "127.0.0.1:" + httpPort, null, body)).startsWith("HTTP/1.1 200");
    }

    @Test
    void aForeignOriginIsRefusedOverHttpAndWebSocketAndTheOwnOriginIsServed() throws Exception {
        String before = graphql.data("{ clients { totalCount } }").toString();
        HttpResponse<String> foreign = post(https(), query("mutation { deleteClients(deviceIds: [\"00:1a:e8:00:00:01\"]) }", Map.of()),
                "Origin", "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("origin 'https://evil.example' are not allowed");
        assertThat(graphql.data("{ clients { totalCount } }").toString()).isEqualTo(before);

        HttpResponse<String> own = post(https(), "{\"query\":\"{ clients { totalCount } }\"}",
                "Origin", "https://127.0.0.1:" + httpPort);
        assertThat(own.statusCode()).isEqualTo(200);

        // Cross-site WebSocket hijacking: the handshake from a foreign page is refused.
        CompletableFuture<WebSocket> ws = https().newWebSocketBuilder().header("Origin", "https://evil.example")
                .subprotocols("graphql-transport-ws").buildAsync(wss(), new WebSocket.Listener() {
                });
        assertThatThrownBy(() -> ws.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(403));
    }

    // --- sizes ----------------------------------------------------------------------------------------------

    @Test
    void anOversizedBodyIsRefusedBeforeParsingWithOrWithoutItsLength() throws Exception {
        String big = "{\"query\":\"{ clients { totalCount } }\",\"variables\":{\"pad\":\"" + "x".repeat(4 * 1024 * 1024 + 1) + "\"}}";
        // A client of its own: a refused body closes the connection, and a kept-alive one another test left may be
        // closed by the server already (a POST is not sent again on a connection found closed).
        java.net.http.HttpClient fresh = ServerCertificateTrust.httpClient(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data()));
        HttpResponse<String> sized = post(fresh, big);
        assertThat(sized.statusCode()).isEqualTo(413);
        assertThat(sized.body()).contains("larger than 4194304 bytes");
        // Chunked (no Content-Length): counted while read.
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = ServerCertificateTrust.httpClient(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data()))
                .send(HttpRequest.newBuilder(api()).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + graphql.token())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        // Just under the cap is served.
        String fits = "{\"query\":\"{ clients { totalCount } }\",\"variables\":{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}}";
        assertThat(post(ServerCertificateTrust.httpClient(org.deskfleet.app.config.HttpsConfiguration.certificateFile(data())), fits)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizedWebSocketMessageClosesTheConnection() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = https().newWebSocketBuilder().subprotocols("graphql-transport-ws").buildAsync(wss(), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"connection_init\",\"payload\":{\"pad\":\"" + "x".repeat(65 * 1024) + "\"}}", true);
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    // --- GraphQL limits -------------------------------------------------------------------------------------

    @Test
    void theStandardIntrospectionQueryIsWithinTheLimits() {
        JsonNode r = graphql.execute(IntrospectionQuery.INTROSPECTION_QUERY, Map.of());
        assertThat(r.path("errors").isMissingNode() || r.get("errors").isEmpty()).as(r.path("errors").toString()).isTrue();
        assertThat(r.get("data").get("__schema").get("types").size()).isGreaterThan(20);
    }

    @Test
    void anOverDeepQueryIsRefused() {
        String deep = "{ __schema { types { fields { type " + "{ ofType ".repeat(14) + "{ name }" + " }".repeat(14) + " } } } }";
        JsonNode r = graphql.execute(deep, Map.of());
        assertThat(firstError(r)).contains("levels deep; at most 15 are allowed");
        assertThat(r.get("data") == null || r.get("data").isNull()).isTrue();
    }

    @Test
    void anOverComplexQueryIsRefused() {
        JsonNode r = graphql.execute("""
                { a: clients(first: 500) { nodes { parameterHistory(first: 200) { at name } } }
                  b: clients(first: 500) { nodes { deviceId } } }""", Map.of());
        assertThat(firstError(r)).contains("the query costs").contains("at most 50000 are allowed");
        assertThat(r.get("data") == null || r.get("data").isNull()).isTrue();
    }

    @Test
    void anOverLongListArgumentIsRefusedNamingTheArgumentAndNothingIsDeleted() {
        SimulatedPhone phone = SimulatedPhone.generate(9901, 1);
        simulator.startUp(phone).join().requireOk();
        await(() -> client(phone.mac()), c -> !c.isNull(), "registration");
        List<String> ids = new ArrayList<>(IntStream.range(0, 10_000).mapToObj(i -> String.format("00:1a:e9:%02x:%02x:%02x",
                i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff)).toList());
        ids.add(phone.mac());

        JsonNode r = graphql.execute("mutation($ids: [ID!]!) { deleteClients(deviceIds: $ids) }", Map.of("ids", ids));
        assertThat(firstError(r)).isEqualTo("deleteClients(deviceIds) has 10001 elements; at most 10000 are allowed");
        assertThat(r.get("errors").get(0).get("extensions").get("argument").asText()).isEqualTo("deleteClients(deviceIds)");
        assertThat(client(phone.mac()).isNull()).as("nothing deleted").isFalse();

        assertThat(firstError(graphql.execute("mutation($ids: [ID!]!) { deleteJobs(ids: $ids) }", Map.of("ids", ids))))
                .isEqualTo("deleteJobs(ids) has 10001 elements; at most 10000 are allowed");
        // Inside an input list too, and the literal form is checked like variables.
        List<Map<String, Object>> changes = IntStream.range(0, 10_001)
                .mapToObj(i -> Map.<String, Object>of("parameter", "general.date-time.sntp-server-address", "value", "10.0.0.1")).toList();
        assertThat(firstError(graphql.execute("""
                mutation($id: ID!, $changes: [ParameterInput!]!) { changeClientConfiguration(deviceId: $id, changes: $changes) { deviceId } }""",
                Map.of("id", phone.mac(), "changes", changes))))
                .isEqualTo("changeClientConfiguration(changes) has 10001 elements; at most 10000 are allowed");
        // A job's targets have their own, larger cap (@maxItems in the schema).
        List<String> targets = IntStream.range(0, 50_001).mapToObj(i -> "x" + i).toList();
        assertThat(firstError(graphql.execute("mutation($ids: [ID!]) { refreshClients(targets: {deviceIds: $ids}) { jobId } }",
                Map.of("ids", targets)))).isEqualTo("refreshClients(targets).deviceIds has 50001 elements; at most 50000 are allowed");
    }

    // --- GraphiQL -------------------------------------------------------------------------------------------

    @Test
    void graphiQlLoadsFromThisServerOnly() throws Exception {
        URI page = URI.create("https://127.0.0.1:" + httpPort + "/graphiql");
        // behind the sign-in page: its cookie (HttpOnly, Secure, SameSite=Strict) carries the session
        HttpResponse<String> signIn = https().send(HttpRequest.newBuilder(page.resolve("/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + java.net.URLEncoder.encode(GraphQlClient.ADMIN_PASSWORD,
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(303);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> r = https().send(HttpRequest.newBuilder(page).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'", "connect-src 'self'");
        Matcher m = Pattern.compile("<(script|link)\\b[^>]*?\\b(src|href)=\"([^\"]+)\"").matcher(r.body());
        List<String> assets = new ArrayList<>();
        while (m.find()) {
            assets.add(m.group(3));
        }
        assertThat(assets).hasSizeGreaterThanOrEqualTo(5);
        assertThat(r.body()).doesNotContain("://");
        for (String asset : assets) {
            URI u = page.resolve(asset);
            assertThat(u.getScheme() + "://" + u.getAuthority()).as(asset).isEqualTo("https://127.0.0.1:" + httpPort);
            HttpResponse<byte[]> a = https().send(HttpRequest.newBuilder(u).header("Cookie", cookie).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(a.statusCode()).as(asset).isEqualTo(200);
            assertThat(a.body().length).as(asset).isPositive();
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private URI wss() {
        return URI.create("wss://127.0.0.1:" + httpPort + "/graphql");
    }

    private SSLSocket socket() throws IOException {
        SSLSocket s = (SSLSocket) ServerCertificateTrust.trusting(HttpsConfiguration.certificateFile(data())).getSocketFactory()
                .createSocket("127.0.0.1", httpPort);
        s.setSoTimeout(20_000);
        return s;
    }

    /** A request as a browser under DNS rebinding would send it: any Host header (the JDK client forbids that). */
    private String raw(String method, String host, String origin, String body) throws IOException {
        try (SSLSocket s = socket()) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String head = method + " /graphql HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + graphql.token() + "\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            s.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
