package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet configuration end to end with live simulated phones over TLS: one way to configure a phone (a job),
 * templates and groups that deliver, Plug&Play, copy client, template from client.
 */
class FleetConfigurationE2eTest extends JobSupport {

    static final String SNTP = "general.date-time.sntp-server-address";

    JsonNode changeClient(String mac, String value, String extra) {
        return graphql.execute("""
                mutation($id: ID!) { changeClientConfiguration(deviceId: $id, reason: "new time server",
                  changes: [{parameter: "%s", value: %s}]%s) { deviceId jobId } }
                """.formatted(SNTP, value == null ? "null" : "\"" + value + "\"", extra), Map.of("id", mac));
    }

    JsonNode effective(String mac, String parameter) {
        JsonNode config = graphql.data("query($id: ID!) { client(deviceId: $id) { configuration(onlySet: true) { parameter value layer origin drift } } }",
                Map.of("id", mac)).get("client").get("configuration");
        for (JsonNode v : config) {
            if (v.get("parameter").asText().equals(parameter)) {
                return v;
            }
        }
        return null;
    }

    @Test
    void changingAClientIsAJobDeliveredNowOrLaterAndRecordingOnlyIsExplicit() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(5101, 0, 2);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(2).registered()).isEqualTo(2);
            awaitProjectionsCaughtUp();
            LivePhone now = fleet.phones().get(0);
            LivePhone later = fleet.phones().get(1);

            JsonNode r = changeClient(now.mac(), "10.51.0.1", "");
            assertThat(r.get("errors")).as(r.toString()).isNull();
            String jobId = r.get("data").get("changeClientConfiguration").get("jobId").asText();
            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(job.get("type").asText()).isEqualTo("CONFIGURATION");
            assertThat(now.phone().value("sntp-addr")).contains("10.51.0.1");
            JsonNode v = await(() -> effective(now.mac(), SNTP), x -> x != null && x.get("drift").asText().equals("IN_SYNC"), "in sync");
            assertThat(v.get("layer").asText()).isEqualTo("CLIENT");
            assertThat(v.get("value").asText()).isEqualTo("10.51.0.1");

            // Scheduled (OSEM 7.1.6): the job waits, nothing reaches the phone yet.
            Instant at = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            JsonNode planned = changeClient(later.mac(), "10.51.0.2", ", options: {plannedAt: \"" + at + "\"}");
            String plannedJob = planned.get("data").get("changeClientConfiguration").get("jobId").asText();
            JsonNode created = await(() -> job(plannedJob), j -> !j.isNull(), "planned job visible");
            assertThat(created.get("state").asText()).isEqualTo("CREATED");
            assertThat(later.phone().value("sntp-addr")).isNotEqualTo(java.util.Optional.of("10.51.0.2"));

            // Recording only, explicitly: no job; a removal needs it.
            JsonNode recorded = changeClient(later.mac(), "10.51.0.3", ", deliver: false");
            assertThat(recorded.get("errors")).as(recorded.toString()).isNull();
            assertThat(recorded.get("data").get("changeClientConfiguration").get("jobId").isNull()).isTrue();
            await(() -> effective(later.mac(), SNTP), x -> x != null && x.get("value").asText().equals("10.51.0.3"), "recorded value");
            JsonNode removal = changeClient(later.mac(), null, "");
            assertThat(removal.get("errors").get(0).get("message").asText()).contains("a value is needed to deliver it")
                    .contains("deliver: false");
            JsonNode undeliverable = graphql.execute("""
                    mutation($id: ID!) { changeClientConfiguration(deviceId: $id, changes: [{parameter: "general.bluetooth.ibeacon-major", value: "7"}]) { jobId } }
                    """, Map.of("id", later.mac()));
            assertThat(undeliverable.toString()).contains("not-deliverable").contains("deliver: false");
        }
    }
}
