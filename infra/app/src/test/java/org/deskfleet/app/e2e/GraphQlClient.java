package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.deskfleet.app.cli.ServerTrust;
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
 * certificate (generated under its data directory) the way the CLI does.
 */
final class GraphQlClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final URI endpoint;

    GraphQlClient(int port, Path data) {
        this.http = ServerTrust.httpClient(HttpsConfiguration.certificateFile(data));
        this.endpoint = URI.create("https://127.0.0.1:" + port + "/graphql");
    }

    /** The whole response (data and errors). */
    JsonNode execute(String query, Map<String, Object> variables) {
        try {
            String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(2))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GraphQL HTTP " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
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
