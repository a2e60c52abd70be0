package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Health for probes and metrics for Prometheus, from a running node with real phones' traffic. */
class ObservabilityE2eTest extends EndToEndSupport {

    /** Signed in as the administrator (over HTTPS, the API's only scheme). */
    private HttpResponse<String> get(String path) throws Exception {
        return send(path, graphql.token());
    }

    private HttpResponse<String> anonymous(String path) throws Exception {
        return send(path, null);
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return GraphQlClient.client(httpPort, data()).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probesSayLiveAndReadyWithDeliveryCurrentAndStoresReachable() throws Exception {
        assertThat(anonymous("/actuator/health/liveness").statusCode()).isEqualTo(200);
        JsonNode ready = await(() -> {
            try {
                return new ObjectMapper().readTree(get("/actuator/health/readiness").body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, r -> r.path("status").asText().equals("UP"), "readiness UP");
        assertThat(ready.path("components").path("delivery").path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("components").path("readStore").path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("components").path("db").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aProbeWithoutAnAccountGetsTheStatusOnlyAndMetricsNeedSignIn() throws Exception {
        HttpResponse<String> probe = anonymous("/actuator/health/readiness");
        assertThat(probe.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(probe.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.has("components")).as("components need an account: %s", probe.body()).isFalse();
        assertThat(anonymous("/actuator/prometheus").statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusShowsInteractionsDeliveryProcessorsAndTheEventStore() throws Exception {
        simulator.startUp(SimulatedPhone.generate(4951, 1)).join().requireOk();
        awaitProjectionsCaughtUp();
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        // The context is shared with other tests' background work (contact-me attempts, deadlines): an event can land
        // between the wait above and a scrape, and the lag reads 1 until it is handled; it has to come back to 0.
        java.util.regex.Pattern caughtUp = java.util.regex.Pattern.compile(
                "deskfleet_processor_lag_events\\{.*processor=\"client-projection\".*} 0");
        String text = EndToEndSupport.await(() -> {
            try {
                return get("/actuator/prometheus").body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, t -> caughtUp.matcher(t).find(), "the client projection's lag back at 0");
        assertThat(text).containsPattern("deskfleet_wpi_interactions_total\\{.*outcome=\"(continued|ended)\".*reason=\"start_up\".*} [1-9]");
        assertThat(text).containsPattern(caughtUp);
        assertThat(text).containsPattern("deskfleet_eventstore_append_seconds_count\\{.*} [1-9]");
        assertThat(text).contains("deskfleet_delivery_targets{").contains("state=\"pending\"");
        assertThat(text).containsPattern("deskfleet_delivery_current\\{.*} 1");
        assertThat(text).contains("deskfleet_dcmp_polls_total");
    }
}
