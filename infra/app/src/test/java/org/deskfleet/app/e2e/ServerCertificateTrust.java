package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;

/**
 * The tests' side of TLS to the API: trust exactly the certificates of one PEM file (the server's generated one or
 * an operator's), as the CLI does; the CLI itself lives in the tools module, which the server does not depend on.
 */
final class ServerCertificateTrust {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerCertificateTrust() {
    }

    static SSLContext trusting(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("server-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + pemFile + ": " + e.getMessage(), e);
        }
    }

    static HttpClient httpClient(Path pemFile) {
        return HttpClient.newBuilder().sslContext(trusting(pemFile)).connectTimeout(Duration.ofSeconds(60)).build();
    }

    /**
     * Sends, and while the server answers 503 (it has just started and its accounts are not loaded yet) sends again,
     * as a client is told to; for up to two minutes.
     */
    static HttpResponse<String> sendWhileStarting(HttpClient http, HttpRequest request) throws java.io.IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 503 || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(200);
        }
    }

    /** One GraphQL call over this client; its data (the test fails on errors). */
    static JsonNode data(HttpClient http, URI graphql, String token, String query, Map<String, Object> variables) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(graphql).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query, "variables", variables))));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = sendWhileStarting(http, b.build());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || (body.hasNonNull("errors") && !body.get("errors").isEmpty())) {
                throw new AssertionError("GraphQL HTTP " + r.statusCode() + ": " + r.body());
            }
            return body.get("data");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
