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

    static final String SNTP_BACKUP = "general.date-time.sntp-backup-server-address";

    String createTemplate(String name, String type, int ranking, List<String> software, List<String> clients) {
        return graphql.data("mutation($t: TemplateInput!) { createTemplate(template: $t) { id } }",
                Map.of("t", Map.of("name", name, "type", type, "ranking", ranking, "supportedSoftware", software,
                        "supportedClients", clients))).get("createTemplate").get("id").asText();
    }

    JsonNode setTemplate(String id, String parameter, String value) {
        return graphql.execute("""
                mutation($id: ID!) { changeTemplateConfiguration(id: $id, changes: [{parameter: "%s", value: "%s"}]) { id } }
                """.formatted(parameter, value), Map.of("id", id));
    }

    void deleteTemplates(List<String> ids) {
        graphql.data("mutation($ids: [ID!]!) { deleteTemplates(ids: $ids) }", Map.of("ids", ids));
    }

    /** The configuration jobs whose targets include a device (newest first). */
    List<JsonNode> jobsOf(String mac) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode j : graphql.data("{ jobs(first: 500) { nodes { id type state reason initiator } } }").get("jobs").get("nodes")) {
            JsonNode full = job(j.get("id").asText());
            if (full != null && !full.isNull() && targets(full).containsKey(id(mac))) {
                out.add(full);
            }
        }
        return out;
    }

    @Test
    void templatesDeliverOnboardingRolloutApplyAndSoftwarePolicy() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(5102, 0, 6);
        List<String> templates = new java.util.ArrayList<>();
        try (LiveFleet old = LiveFleet.start(simulator, phones.subList(0, 3), LiveOptions.defaults())) {
            assertThat(old.startUpAll(3).registered()).isEqualTo(3);
            awaitProjectionsCaughtUp();

            // Onboarding: new phones only.
            String onboarding = createTemplate("Onboarding 5102", "ONBOARDING", 1, List.of(), List.of());
            templates.add(onboarding);
            assertThat(setTemplate(onboarding, SNTP_BACKUP, "10.52.0.9").get("errors")).isNull();
            try (LiveFleet fresh = LiveFleet.start(simulator, phones.subList(3, 6), LiveOptions.defaults())) {
                assertThat(fresh.startUpAll(3).registered()).isEqualTo(3);
                for (LivePhone p : fresh.phones()) {
                    await(() -> p.phone().value("sntp-addr-backup").orElse(""), "10.52.0.9"::equals, "onboarding of " + p.mac(), JOB_WAIT);
                    JsonNode v = await(() -> effective(p.mac(), SNTP_BACKUP), x -> x != null && x.get("drift").asText().equals("IN_SYNC"),
                            "onboarding value recorded");
                    assertThat(v.get("layer").asText()).isEqualTo("CLIENT");
                }
                for (LivePhone p : old.phones()) {
                    assertThat(p.phone().value("sntp-addr-backup")).isNotEqualTo(java.util.Optional.of("10.52.0.9"));
                }
                deleteTemplates(List.of(onboarding));
                templates.remove(onboarding);

                // A default template changes: the preview says who and what; one job brings them there.
                LivePhone own = old.phones().get(0);
                assertThat(changeClient(own.mac(), "10.52.9.9", ", deliver: false").get("errors")).isNull();
                String sip = createTemplate("SIP 5102", "DEFAULT", 3, List.of("SIP"), List.of());
                templates.add(sip);
                assertThat(setTemplate(sip, SNTP, "10.52.1.1").get("errors")).isNull();
                JsonNode preview = graphql.data("""
                        query($id: ID!) { templateRolloutPreview(id: $id, first: 1000) { clientCount parameterCount millis
                          clients { deviceId values { parameter layer origin value current } } } }
                        """, Map.of("id", sip)).get("templateRolloutPreview");
                java.util.Set<String> previewed = new java.util.HashSet<>();
                preview.get("clients").forEach(c -> previewed.add(c.get("deviceId").asText()));
                for (LivePhone p : List.of(old.phones().get(1), old.phones().get(2), fresh.phones().get(0))) {
                    assertThat(previewed).contains(id(p.mac()));
                }
                assertThat(previewed).doesNotContain(id(own.mac()));
                assertThat(preview.get("clients").get(0).get("values").get(0).get("origin").asText()).isEqualTo("template SIP 5102");
                assertThat(preview.get("clients").get(0).get("values").get(0).get("current").asText()).isEqualTo("10.40.1.2");

                JsonNode rollout = graphql.data("mutation($id: ID!) { rolloutTemplate(id: $id) { jobIds clientCount } }",
                        Map.of("id", sip)).get("rolloutTemplate");
                assertThat(rollout.get("jobIds")).hasSize(1);
                JsonNode job = awaitJobEnded(rollout.get("jobIds").get(0).asText());
                assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
                for (LivePhone p : List.of(old.phones().get(1), fresh.phones().get(2))) {
                    assertThat(p.phone().value("sntp-addr")).contains("10.52.1.1");
                    JsonNode v = await(() -> effective(p.mac(), SNTP), x -> x.get("drift").asText().equals("IN_SYNC"), "in sync");
                    assertThat(v.get("layer").asText()).isEqualTo("TEMPLATE");
                    assertThat(v.get("origin").asText()).isEqualTo("template SIP 5102");
                }
                // The layer stays the template's: the client has no own value for it.
                assertThat(graphql.data("query($id: ID!) { client(deviceId: $id) { desired { parameter } } }",
                        Map.of("id", old.phones().get(1).mac())).toString()).doesNotContain(SNTP);
                assertThat(graphql.data("query($id: ID!) { templateRolloutPreview(id: $id) { clientCount } }", Map.of("id", sip))
                        .get("templateRolloutPreview").get("clientCount").asInt()).isZero();

                // Removal preview: what falls back to what.
                JsonNode removal = graphql.data("query($id: ID!) { removalPreview(id: $id, first: 1000) { clientCount clients { deviceId values { parameter layer origin value current } } } }",
                        Map.of("id", sip)).get("removalPreview");
                assertThat(removal.get("clientCount").asInt()).isGreaterThanOrEqualTo(5);
                assertThat(removal.toString()).contains("\"layer\":\"DEFAULT\"").contains("\"current\":\"10.52.1.1\"");

                // Apply a template to chosen clients: their own values; a device the template cannot serve is refused.
                String hfa = createTemplate("HFA 5102", "DEFAULT", 2, List.of("HFA"), List.of());
                templates.add(hfa);
                assertThat(setTemplate(hfa, SNTP_BACKUP, "10.52.3.3").get("errors")).isNull();
                JsonNode refused = graphql.execute("mutation($id: ID!, $ids: [ID!]) { applyTemplate(id: $id, targets: {deviceIds: $ids}) { jobId } }",
                        Map.of("id", hfa, "ids", List.of(own.mac())));
                assertThat(refused.get("errors").get(0).get("message").asText()).contains("cannot serve").contains("nothing was created");
                JsonNode unservable = setTemplate(hfa, "telephony.keyset-settings.reservation-timer-seconds", "10");
                assertThat(unservable.get("errors").toString()).contains("software-type").contains("HFA 5102");
                String apply = graphql.data("mutation($id: ID!, $ids: [ID!]) { applyTemplate(id: $id, targets: {deviceIds: $ids}) { jobId } }",
                        Map.of("id", sip, "ids", List.of(own.mac()))).get("applyTemplate").get("jobId").asText();
                assertThat(awaitJobEnded(apply).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(own.phone().value("sntp-addr")).contains("10.52.1.1");

                // Software-update policy: the template's firmware, newer than the phones'.
                LivePhone target = fresh.phones().get(1);
                graphql.data("""
                        mutation($id: ID!) { updateTemplate(id: $id, template: {name: "SIP 5102", ranking: 3, supportedSoftware: ["SIP"],
                          softwareUpdate: "ONLY_NEWER_VERSIONS", software: {url: "https://files.example.test/sip.img", version: "V9 R9.9.9"}}) { id } }
                        """, Map.of("id", sip));
                await(() -> target.phone().softwareVersion(), "V9 R9.9.9"::equals, "firmware installed", JOB_WAIT);
                JsonNode sw = await(() -> jobsOf(target.mac()).stream().filter(j -> j.get("type").asText().equals("SOFTWARE_DEPLOYMENT")).findFirst(),
                        java.util.Optional::isPresent, "software job").get();
                assertThat(awaitJobEnded(sw.get("id").asText()).get("state").asText()).isEqualTo("SUCCESS");
            }
        } finally {
            if (!templates.isEmpty()) {
                deleteTemplates(templates);
            }
        }
    }
}
