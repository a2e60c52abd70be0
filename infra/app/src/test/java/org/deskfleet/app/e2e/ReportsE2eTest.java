package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.query.report.FirmwareReportProjection;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports by replay, end to end: phones register through the real WPI listener, one updates its firmware, two get a
 * new NTP server (one a SIP password too); then the firmware report, the drift report, the audit export (CSV and
 * JSON over HTTPS, its window honoured, secrets absent, refused without a token or the role) and the fleet as it was
 * before and after the firmware update, folded from the event store. A rebuild of the firmware report gives the
 * same documents.
 */
class ReportsE2eTest extends EndToEndSupport {

    static final String SNTP = "general.date-time.sntp-server-address";
    static final String SIP_PASSWORD = "telephony.sip-settings.sip-credentials-password";
    static final String SECRET = "Rep0rt-Secret-4417";
    static final String NEW_FIRMWARE = "V3 R7.30.1";
    static final String NTP = "10.73.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MongoTemplate mongo;

    @Test
    void firmwareDriftAuditAndTheFleetAtATime() throws Exception {
        Instant beforeAll = Instant.now();
        Thread.sleep(20);
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(7301, 0, 4);
        simulator.run(fleet, 4);
        awaitProjectionsCaughtUp();
        SimulatedPhone updated = fleet.get(0);
        String type = updated.deviceType();
        String oldFirmware = updated.softwareVersion();

        // Firmware report: every bucket of these phones agrees with the client list's own count.
        Map<String, Map<String, Long>> report = firmware();
        for (SimulatedPhone p : fleet) {
            long listed = graphql.data("query($t: String, $v: String) { clients(filter: {deviceType: $t, softwareVersion: $v}) { totalCount } }",
                    Map.of("t", p.deviceType(), "v", p.softwareVersion())).get("clients").get("totalCount").asLong();
            assertThat(report.get(p.deviceType()).get(p.softwareVersion())).as(p.deviceType() + " " + p.softwareVersion()).isEqualTo(listed);
        }
        long onOld = report.get(type).get(oldFirmware);
        assertThat(report.get(type)).doesNotContainKey(NEW_FIRMWARE);

        Instant registered = Instant.now();
        Thread.sleep(20);
        updated.changeSoftwareVersion(NEW_FIRMWARE);
        simulator.run(List.of(updated), 1);
        awaitProjectionsCaughtUp();
        Map<String, Map<String, Long>> after = firmware();
        assertThat(after.get(type).get(NEW_FIRMWARE)).isEqualTo(1);
        assertThat(after.get(type).getOrDefault(oldFirmware, 0L)).isEqualTo(onOld - 1);

        // Configuration: two phones get a new NTP server, the first a SIP password too.
        SimulatedPhone one = fleet.get(1);
        SimulatedPhone two = fleet.get(2);
        Thread.sleep(20);
        Instant changesFrom = Instant.now();
        change(id(one), Map.of("parameter", SNTP, "value", NTP), Map.of("parameter", SIP_PASSWORD, "value", SECRET));
        change(id(two), Map.of("parameter", SNTP, "value", NTP));
        awaitProjectionsCaughtUp();
        Thread.sleep(20);
        Instant changesTo = Instant.now();

        // Drift report: both phones still report their own NTP server.
        JsonNode drift = graphql.data("{ driftReport(parameter: \"" + SNTP + "\", first: 500) { parameter clients inSync drifted "
                + "counts { drift values } nodes { deviceId desiredValue reportedValue secret layer } pageInfo { endCursor hasNextPage } } }")
                .get("driftReport");
        Map<String, JsonNode> drifted = new HashMap<>();
        drift.get("nodes").forEach(n -> drifted.put(n.get("deviceId").asText(), n));
        assertThat(drifted).containsKeys(id(one), id(two)).doesNotContainKey(id(fleet.get(3)));
        assertThat(drifted.get(id(one)).get("desiredValue").asText()).isEqualTo(NTP);
        assertThat(drifted.get(id(one)).get("reportedValue").asText()).isEqualTo(one.value("sntp-addr").orElseThrow());
        assertThat(drifted.get(id(one)).get("layer").asText()).isEqualTo("CLIENT");
        assertThat(drift.get("drifted").asLong()).isEqualTo(drifted.size()).isGreaterThanOrEqualTo(2);
        long counted = 0;
        for (JsonNode c : drift.get("counts")) {
            counted += c.get("values").asLong();
        }
        assertThat(counted).as("every client has one value of the parameter").isEqualTo(drift.get("clients").asLong());
        // The same drifted clients page by page.
        Set<String> paged = new LinkedHashSet<>();
        String cursor = null;
        do {
            JsonNode page = graphql.data("query($a: String) { driftReport(parameter: \"" + SNTP + "\", first: 2, after: $a) { nodes { deviceId } pageInfo { endCursor hasNextPage } } }",
                    cursorVariables(cursor)).get("driftReport");
            page.get("nodes").forEach(n -> paged.add(n.get("deviceId").asText()));
            cursor = page.get("pageInfo").get("hasNextPage").asBoolean() ? page.get("pageInfo").get("endCursor").asText() : null;
        } while (cursor != null);
        assertThat(paged).isEqualTo(drifted.keySet());
        JsonNode secret = graphql.data("{ driftReport(parameter: \"" + SIP_PASSWORD + "\", first: 500) { nodes { deviceId desiredValue reportedValue secret } } }")
                .get("driftReport").get("nodes");
        JsonNode pwd = null;
        for (JsonNode n : secret) {
            if (n.get("deviceId").asText().equals(id(one))) {
                pwd = n;
            }
        }
        assertThat(pwd).as(secret.toString()).isNotNull();
        assertThat(pwd.get("secret").asBoolean()).isTrue();
        assertThat(pwd.get("desiredValue").isNull()).isTrue();
        assertThat(pwd.get("reportedValue").isNull()).isTrue();
        JsonNode unknown = graphql.execute("{ driftReport(parameter: \"no.such.parameter\") { drifted } }", Map.of());
        assertThat(unknown.get("errors").get(0).get("message").asText()).contains("unknown parameter 'no.such.parameter'");

        // Audit export: the window's changes, oldest first, CSV and JSON; no secret value anywhere.
        HttpResponse<String> csv = audit(graphql.token(), "from", changesFrom.toString(), "to", changesTo.toString(), "format", "csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("at,deviceId,sequence,parameter,index,oldValue,newValue,secret,source,actor,reason,correlationId");
        assertThat(lines).anyMatch(l -> l.contains(id(one)) && l.contains(SNTP) && l.contains("," + NTP + ","))
                .anyMatch(l -> l.contains(id(two)) && l.contains(SNTP))
                .anyMatch(l -> l.contains(id(one)) && l.contains(SIP_PASSWORD) && l.contains(",true,"));
        for (String l : lines.subList(1, lines.size())) {
            Instant at = Instant.parse(l.substring(0, l.indexOf(',')));
            assertThat(at).isBetween(changesFrom, changesTo);
        }
        assertThat(csv.body()).doesNotContain(SECRET);
        HttpResponse<String> json = audit(graphql.token(), "from", changesFrom.toString(), "to", changesTo.toString(), "format", "json");
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode rows = JSON.readTree(json.body());
        assertThat(rows.size()).isEqualTo(lines.size() - 1);
        List<JsonNode> ofOne = new ArrayList<>();
        rows.forEach(r -> {
            if (r.get("deviceId").asText().equals(id(one))) {
                ofOne.add(r);
            }
        });
        assertThat(ofOne).anyMatch(r -> r.get("parameter").asText().equals(SNTP) && r.get("newValue").asText().equals(NTP)
                && r.get("actor").asText().equals("admin"));
        assertThat(ofOne).anyMatch(r -> r.get("parameter").asText().equals(SIP_PASSWORD) && r.get("secret").asBoolean()
                && r.get("newValue").isNull() && r.get("oldValue").isNull());
        assertThat(json.body()).doesNotContain(SECRET);
        // One phone only.
        JsonNode onlyTwo = JSON.readTree(audit(graphql.token(), "from", changesFrom.toString(), "to", changesTo.toString(),
                "format", "json", "device", id(two).toUpperCase()).body());
        assertThat(onlyTwo).isNotEmpty().allMatch(r -> r.get("deviceId").asText().equals(id(two)));
        // The window is honoured: what came before it is not in it.
        HttpResponse<String> earlier = audit(graphql.token(), "from", beforeAll.toString(), "to", changesFrom.toString(), "format", "csv");
        assertThat(earlier.statusCode()).isEqualTo(200);
        assertThat(earlier.body().lines().skip(1)).noneMatch(l -> l.contains(id(one)) || l.contains(id(two)));
        // Refused: no token (401), an operator (403), bad input (400, nothing read).
        assertThat(audit(null, "from", changesFrom.toString(), "to", changesTo.toString()).statusCode()).isEqualTo(401);
        HttpResponse<String> operator = audit(graphql.as("rita", "OPERATOR").token(), "from", changesFrom.toString(), "to", changesTo.toString());
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(operator.body()).contains("AUDITOR");
        assertThat(audit(graphql.as("audrey", "AUDITOR").token(), "from", changesFrom.toString(), "to", changesTo.toString())
                .statusCode()).isEqualTo(200);
        HttpResponse<String> reversed = audit(graphql.token(), "from", changesTo.toString(), "to", changesFrom.toString());
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.body()).contains("is after to");
        HttpResponse<String> malformed = audit(graphql.token(), "from", "yesterday", "to", changesTo.toString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("from is not an ISO-8601 instant");
        assertThat(audit(graphql.token(), "from", changesFrom.toString(), "to", changesTo.toString(), "format", "xml")
                .body()).contains("format must be csv or json");

        // The fleet at a time, from the event store: before the registrations, before and after the firmware update.
        Map<String, JsonNode> atStart = fleetAt(beforeAll);
        assertThat(atStart).doesNotContainKeys(fleet.stream().map(ReportsE2eTest::id).toArray(String[]::new));
        Map<String, JsonNode> atRegistration = fleetAt(registered);
        assertThat(atRegistration).containsKeys(fleet.stream().map(ReportsE2eTest::id).toArray(String[]::new));
        assertThat(atRegistration.get(id(updated)).get("softwareVersion").asText()).isEqualTo(oldFirmware);
        assertThat(atRegistration.get(id(updated)).get("deviceType").asText()).isEqualTo(type);
        assertThat(atRegistration.get(id(updated)).get("e164").asText()).isEqualTo(updated.e164());
        Map<String, JsonNode> now = fleetAt(Instant.now());
        assertThat(now.get(id(updated)).get("softwareVersion").asText()).isEqualTo(NEW_FIRMWARE);
        JsonNode bad = graphql.execute("{ fleetAt(time: \"last week\") { totalCount } }", Map.of());
        assertThat(bad.get("errors").get(0).get("message").asText()).contains("not an ISO-8601 instant");

        // A rebuild of the firmware report gives the very same documents.
        awaitProjectionsCaughtUp();
        long events = eventsBesidesDeliveryRetries();
        List<Document> buckets = documents(FirmwareReportProjection.BUCKETS);
        List<Document> clients = documents(FirmwareReportProjection.CLIENTS);
        Map<String, Map<String, Long>> reported = firmware();
        JsonNode rebuilt = graphql.data("mutation { rebuildProjection(name: \"" + FirmwareReportProjection.NAME + "\") { events } }")
                .get("rebuildProjection");
        assertThat(rebuilt.get("events").asLong()).isGreaterThanOrEqualTo(fleet.size() + 1L);
        Set<Object> ours = new java.util.HashSet<>(fleet.stream().map(ReportsE2eTest::id).toList());
        assertThat(documents(FirmwareReportProjection.CLIENTS).stream().filter(d -> ours.contains(d.get("_id"))).toList())
                .hasSize(fleet.size())
                .isEqualTo(clients.stream().filter(d -> ours.contains(d.get("_id"))).toList());
        if (eventsBesidesDeliveryRetries() == events) {
            // (the shared server's other phones may have changed meanwhile; then only ours compare)
            assertThat(documents(FirmwareReportProjection.BUCKETS)).isEqualTo(buckets);
            assertThat(documents(FirmwareReportProjection.CLIENTS)).isEqualTo(clients);
            assertThat(firmware()).isEqualTo(reported);
        }
    }

    /** The device id as the server keeps it (the simulator's MAC is upper case). */
    private static String id(SimulatedPhone phone) {
        return DeviceId.parse(phone.mac()).value();
    }

    private static Map<String, Object> cursorVariables(String cursor) {
        Map<String, Object> v = new HashMap<>();
        v.put("a", cursor);
        return v;
    }

    private void change(String mac, Map<String, Object>... changes) {
        JsonNode r = graphql.execute("""
                mutation($id: ID!, $changes: [ParameterInput!]!) {
                  changeClientConfiguration(deviceId: $id, changes: $changes, reason: "report test", deliver: false) { deviceId } }""",
                Map.of("id", mac, "changes", List.of(changes)));
        assertThat(r.get("errors")).as(r.toString()).isNull();
    }

    /** Device type → software version → clients. */
    private Map<String, Map<String, Long>> firmware() {
        Map<String, Map<String, Long>> out = new HashMap<>();
        graphql.data("{ firmwareReport { clients deviceTypes { deviceType clients versions { softwareVersion clients } } } }")
                .get("firmwareReport").get("deviceTypes").forEach(t -> {
                    Map<String, Long> versions = new HashMap<>();
                    t.get("versions").forEach(v -> versions.put(v.get("softwareVersion").asText(), v.get("clients").asLong()));
                    out.put(t.get("deviceType").asText(), versions);
                });
        return out;
    }

    /** Every client at that time, page by page (two at a time first, to see the cursor work). */
    private Map<String, JsonNode> fleetAt(Instant time) {
        Map<String, JsonNode> out = new HashMap<>();
        String cursor = null;
        int size = 2;
        long total = -1;
        do {
            Map<String, Object> v = cursorVariables(cursor);
            v.put("t", time.toString());
            v.put("n", size);
            JsonNode page = graphql.data("query($t: DateTime!, $n: Int, $a: String) { fleetAt(time: $t, first: $n, after: $a) { "
                    + "time totalCount eventsRead nodes { deviceId deviceType softwareVersion e164 } pageInfo { endCursor hasNextPage } } }", v)
                    .get("fleetAt");
            total = page.get("totalCount").asLong();
            String previous = cursor;
            page.get("nodes").forEach(n -> {
                assertThat(previous == null || n.get("deviceId").asText().compareTo(previous) > 0).isTrue();
                out.put(n.get("deviceId").asText(), n);
            });
            cursor = page.get("pageInfo").get("hasNextPage").asBoolean() ? page.get("pageInfo").get("endCursor").asText() : null;
            size = 500;
        } while (cursor != null);
        assertThat(out).hasSize((int) total);
        return out;
    }

    private HttpResponse<String> audit(String token, String... parameters) throws Exception {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < parameters.length; i += 2) {
            q.append(i == 0 ? "?" : "&").append(parameters[i]).append('=').append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + "/reports/audit" + q)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return https().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Document> documents(String collection) {
        return mongo.find(new Query().with(Sort.by("_id")), Document.class, collection);
    }
}
