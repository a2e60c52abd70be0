package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.HttpsConfiguration;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's settings of the transport, on a server of its own: a certificate of the operator's (nothing
 * generated), an allowed foreign origin and host name, introspection off, a smaller list cap.
 */
class TransportSettingsE2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path data;
    private static Path certFile;
    private static ServerCertificate operatorCert;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static HttpClient https;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("deskfleet-transport");
        Path own = Files.createTempDirectory("deskfleet-operator-cert");
        operatorCert = ServerCertificate.generate("api.operator.example");
        certFile = own.resolve("api.crt");
        Files.writeString(certFile, pem(operatorCert.certificate()));
        Files.writeString(own.resolve("api.key"), pem(new JcaPKCS8Generator(operatorCert.key(), null)));
        app = new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--spring.ssl.bundle.pem.mine.keystore.certificate=file:" + certFile,
                "--spring.ssl.bundle.pem.mine.keystore.private-key=file:" + own.resolve("api.key"),
                "--server.ssl.bundle=mine",
                "--spring.graphql.cors.allowed-origins=https://portal.example",
                "--deskfleet.http.allowed-hosts=api.operator.example",
                "--spring.graphql.schema.introspection.enabled=false",
                "--deskfleet.graphql.max-list-size=3");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        https = ServerCertificateTrust.httpClient(certFile);
        // signed in as the first start's administrator, as the CLI does (the initial password changed first)
        URI graphql = URI.create("https://127.0.0.1:" + port + "/graphql");
        String first = ServerCertificateTrust.data(https, graphql, null,
                "mutation($u: String!, $p: String!) { signIn(userName: $u, password: $p) { sessionToken } }",
                java.util.Map.of("u", "admin", "p", "change_me")).get("signIn").get("sessionToken").asText();
        ServerCertificateTrust.data(https, graphql, first, "mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) }",
                java.util.Map.of("o", "change_me", "n", GraphQlClient.ADMIN_PASSWORD));
        token = first;
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> post(String query, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query))));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOperatorsCertificateIsServedAndNoneIsGenerated() throws Exception {
        try (SSLSocket s = (SSLSocket) ServerCertificateTrust.trusting(certFile).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(operatorCert.certificate());
        }
        assertThat(HttpsConfiguration.certificateFile(data)).doesNotExist();
        assertThat(post("{ clients { totalCount } }").statusCode()).isEqualTo(200);
    }

    @Test
    void anAllowedForeignOriginGetsCorsHeadersAndOthersAreRefused() throws Exception {
        HttpResponse<String> allowed = post("{ clients { totalCount } }", "Origin", "https://portal.example");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://portal.example");
        HttpResponse<String> preflight = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/graphql"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://portal.example")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://portal.example");
        assertThat(post("{ clients { totalCount } }", "Origin", "https://other.example").statusCode()).isEqualTo(403);
    }

    @Test
    void aConfiguredHostNameIsServed() throws Exception {
        try (SSLSocket s = (SSLSocket) ServerCertificateTrust.trusting(certFile).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            byte[] body = "{\"query\":\"{ clients { totalCount } }\"}".getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(("POST /graphql HTTP/1.1\r\nHost: api.operator.example:" + port
                    + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + token + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            s.getInputStream().transferTo(answer);
            assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").contains("totalCount");
        }
    }

    @Test
    void introspectionCanBeSwitchedOff() throws Exception {
        JsonNode r = JSON.readTree(post("{ __schema { types { name } } }").body());
        assertThat(r.path("errors").isEmpty()).as(r.toString()).isFalse();
        assertThat(r.path("data").path("__schema").isMissingNode() || r.path("data").path("__schema").isNull()).isTrue();
        // Ordinary queries still run.
        assertThat(JSON.readTree(post("{ clients { totalCount } }").body()).path("errors").isMissingNode()).isTrue();
    }

    @Test
    void theListCapIsASetting() throws Exception {
        JsonNode r = JSON.readTree(post("mutation { deleteJobs(ids: [\"a\", \"b\", \"c\", \"d\"]) }").body());
        assertThat(r.get("errors").get(0).get("message").asText()).isEqualTo("deleteJobs(ids) has 4 elements; at most 3 are allowed");
        JsonNode ok = JSON.readTree(post("mutation { deleteJobs(ids: [\"a\", \"b\", \"c\"]) }").body());
        assertThat(ok.toString()).doesNotContain("at most");
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

}
