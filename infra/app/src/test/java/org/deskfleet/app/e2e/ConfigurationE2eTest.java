package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration end to end: an administrator's changes over GraphQL and a phone's local change end up in
 * one audit trail with their sources; configuration-at-T and diffs agree with a replay of the event store
 * done here independently; a revert restores T; secrets are nowhere in clear; rebuilds are identical.
 */
class ConfigurationE2eTest extends EndToEndSupport {

    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final String TRANSPORT = "telephony.sip-settings.transport-protocol";
    private static final String SIP_PASSWORD = "telephony.sip-settings.sip-credentials-password";
    private static final String SECRET = "s3cret-Pass-7781";

    @Autowired
    MongoTemplate mongo;

    private JsonNode change(String mac, String actor, String reason, Map<String, Object>... changes) {
        return mutate(actor, """
                mutation($id: ID!, $changes: [ParameterInput!]!, $reason: String) {
                  changeClientConfiguration(deviceId: $id, changes: $changes, reason: $reason, deliver: false) { deviceId jobId } }""",
                Map.of("id", mac, "changes", List.of(changes), "reason", reason));
    }

    /** Signed in as that operator: the audit's actor is the account, nothing the caller writes. */
    private JsonNode mutate(String actor, String query, Map<String, Object> variables) {
        return graphql.as(actor, "OPERATOR").execute(query, variables);
    }

    private static Map<String, Object> value(String parameter, String value) {
        return value == null ? new java.util.HashMap<>(Map.of("parameter", parameter)) {{ put("value", null); }}
                : Map.of("parameter", parameter, "value", value);
    }

    private JsonNode clientField(String mac, String selection) {
        return graphql.data("query($id: ID!) { client(deviceId: $id) { " + selection + " } }", Map.of("id", mac)).get("client");
    }

    /** The test's own replay: desired parameter values at a time, folded from the event store. */
    private Map<String, String> replayDesired(String mac, Instant at) {
        Map<String, String> state = new TreeMap<>();
        for (Object e : eventsOf(mac)) {
            if (e instanceof ClientConfigurationChanged c && !c.at().isAfter(at)) {
                for (ParameterChange p : c.changes()) {
                    if (p.newValue() == null) {
                        state.remove(p.parameter());
                    } else if (!p.secret()) {
                        state.put(p.parameter(), p.newValue());
                    }
                }
            }
        }
        return state;
    }

    private Map<String, String> desiredAtFromApi(String mac, Instant at) {
        Map<String, String> state = new TreeMap<>();
        clientField(mac, "configurationAt(time: \"" + at + "\") { kind name value secret }").get("configurationAt").forEach(v -> {
            if (v.get("kind").asText().equals("PARAMETER") && !v.get("secret").asBoolean()) {
                state.put(v.get("name").asText(), v.get("value").asText());
            }
        });
        return state;
    }

    @Test
    void changesAreAuditedTravelledInTimeRevertedAndNeverLeakSecrets() throws Exception {
        SimulatedPhone phone = SimulatedPhone.generate(801, 1);
        simulator.startUp(phone).join().requireOk();
        String mac = phone.mac();

        JsonNode first = change(mac, "alice", "initial setup",
                value(SNTP, "10.1.1.1"), value(TRANSPORT, "TLS"), value(SIP_PASSWORD, SECRET));
        assertThat(first.get("errors")).as(first.toString()).isNull();
        Instant t1 = Instant.now();
        Thread.sleep(20);
        JsonNode second = change(mac, "bob", "move to the new NTP server", value(SNTP, "10.2.2.2"));
        assertThat(second.get("errors")).isNull();
        Instant t2 = Instant.now();
        Thread.sleep(20);

        // The phone is changed locally (menu / web interface) and reports it.
        phone.setItem("sntp-addr", "10.9.9.9");
        phone.markConfigurationChanged(true);
        simulator.interact(phone, Reason.LOCAL_CHANGES).join().requireOk();

        JsonNode history = await(() -> clientField(mac, "parameterHistory(first: 200) { kind name oldValue newValue secret source actor reason }")
                .get("parameterHistory"), h -> StreamSupport.stream(h.spliterator(), false)
                .anyMatch(e -> e.get("name").asText().equals("sntp-addr") && e.get("newValue").asText().equals("10.9.9.9")),
                "the phone's change in the history");
        assertThat(entries(history, SNTP)).extracting(e -> e.get("source").asText() + "/" + e.get("actor").asText() + "/" + e.get("newValue").asText())
                .containsExactly("ADMIN/bob/10.2.2.2", "ADMIN/alice/10.1.1.1");
        assertThat(entries(history, "sntp-addr").getFirst().get("source").asText()).isEqualTo("PHONE");
        JsonNode pwd = entries(history, SIP_PASSWORD).getFirst();
        assertThat(pwd.get("secret").asBoolean()).isTrue();
        assertThat(pwd.get("newValue").isNull()).isTrue();
        assertThat(entries(history, SNTP).getFirst().get("reason").asText()).isEqualTo("move to the new NTP server");

        // Time travel agrees with an independent replay of the store.
        assertThat(desiredAtFromApi(mac, t1)).isEqualTo(replayDesired(mac, t1)).containsEntry(SNTP, "10.1.1.1");
        assertThat(desiredAtFromApi(mac, t2)).isEqualTo(replayDesired(mac, t2)).containsEntry(SNTP, "10.2.2.2");
        JsonNode diff = clientField(mac, "configurationDiff(from: \"" + t1 + "\", to: \"" + t2 + "\") { kind name before after }")
                .get("configurationDiff");
        assertThat(diff).hasSize(1);
        assertThat(diff.get(0).get("before").asText()).isEqualTo("10.1.1.1");
        assertThat(diff.get(0).get("after").asText()).isEqualTo("10.2.2.2");

        // Revert to t1: the desired values are those of t1 again, recorded as REVERT.
        JsonNode revert = mutate("carol", "mutation($id: ID!, $to: DateTime!) { revertClientConfiguration(deviceId: $id, to: $to, reason: \"rollback\") { deviceId } }",
                Map.of("id", mac, "to", t1.toString()));
        assertThat(revert.get("errors")).isNull();
        assertThat(replayDesired(mac, Instant.now())).isEqualTo(replayDesired(mac, t1));
        JsonNode desired = await(() -> clientField(mac, "desired { parameter value source }").get("desired"),
                d -> StreamSupport.stream(d.spliterator(), false).anyMatch(x -> x.get("value").asText().equals("10.1.1.1")),
                "the reverted value");
        assertThat(StreamSupport.stream(desired.spliterator(), false).filter(x -> x.get("parameter").asText().equals(SNTP))
                .findFirst().orElseThrow().get("source").asText()).isEqualTo("REVERT");

        // Secrets: not in the event store, not in any read model collection.
        String phonePin = phone.value("user-pwd").orElseThrow();
        var em = entityManagerFactory.createEntityManager();
        List<?> payloads = em.createQuery("select e.payload from DomainEventEntry e").getResultList();
        em.close();
        for (Object p : payloads) {
            String text = new String((byte[]) p, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).doesNotContain(SECRET).doesNotContain(">" + phonePin + "<").doesNotContain("\"" + phonePin + "\"");
        }
        for (String collection : mongo.getCollectionNames()) {
            for (Document d : mongo.findAll(Document.class, collection)) {
                assertThat(d.toJson()).as(collection).doesNotContain(SECRET).doesNotContain("\"" + phonePin + "\"");
            }
        }
    }

    /**
     * Drift per parameter through the WPI mapping, for a client value, a template value (coded item
     * value) and a secret (sealed forms only); and one trail for a parameter: the administrator's change,
     * the phone's local change of its item and the template's change, each with its source.
     */
    @Test
    void driftShowsPerParameterAndTheTrailHoldsAdminPhoneAndTemplate() throws Exception {
        SimulatedPhone phone = SimulatedPhone.generate(804, 1);
        simulator.startUp(phone).join().requireOk();
        String mac = phone.mac();
        String phoneSntp = phone.value("sntp-addr").orElseThrow();
        String doorOpener = "features.door-opener.door-opener-name";

        String template = graphql.data("mutation($t: TemplateInput!) { createTemplate(template: $t) { id } }",
                Map.of("t", Map.of("name", "drift " + mac, "ranking", 7, "supportedClients", List.of(phone.deviceType()))))
                .get("createTemplate").get("id").asText();
        try {
            JsonNode t = mutate("tina", "mutation($id: ID!, $c: [ParameterInput!]!) { changeTemplateConfiguration(id: $id, changes: $c, reason: \"site default\") { id } }",
                    Map.of("id", template, "c", List.of(value(SNTP, "10.6.6.6"), value(TRANSPORT, "TLS"))));
            assertThat(t.get("errors")).as(t.toString()).isNull();
            Thread.sleep(20);
            JsonNode admin = change(mac, "alice", "new NTP server", value(SNTP, "10.1.1.1"), value(SIP_PASSWORD, SECRET),
                    value(doorOpener, "Main door"));
            assertThat(admin.get("errors")).as(admin.toString()).isNull();

            String selection = "configuration(onlySet: true) { parameter value secret layer origin deliverable wpiItems reportedValue drift drifted }";
            Map<String, JsonNode> before = await(() -> byParameter(clientField(mac, selection).get("configuration")),
                    c -> c.containsKey(SIP_PASSWORD) && c.containsKey(TRANSPORT) && c.containsKey(doorOpener), "the new values");
            JsonNode sntp = before.get(SNTP);
            assertThat(sntp.get("layer").asText()).isEqualTo("CLIENT");
            assertThat(sntp.get("value").asText()).isEqualTo("10.1.1.1");
            assertThat(sntp.get("reportedValue").asText()).isEqualTo(phoneSntp);
            assertThat(sntp.get("drift").asText()).isEqualTo("DRIFTED");
            assertThat(sntp.get("drifted").asBoolean()).isTrue();
            assertThat(sntp.get("deliverable").asBoolean()).isTrue();
            assertThat(sntp.get("wpiItems").get(0).asText()).isEqualTo("sntp-addr");
            JsonNode transport = before.get(TRANSPORT);
            assertThat(transport.get("layer").asText()).isEqualTo("TEMPLATE");
            assertThat(transport.get("value").asText()).isEqualTo("TLS");
            assertThat(transport.get("reportedValue").asText()).as("item code 0 decoded").isEqualTo("UDP");
            assertThat(transport.get("drift").asText()).isEqualTo("DRIFTED");
            JsonNode pwd = before.get(SIP_PASSWORD);
            assertThat(pwd.get("drift").asText()).isEqualTo("DRIFTED");
            assertThat(pwd.get("value").isNull()).isTrue();
            assertThat(pwd.get("reportedValue").isNull()).isTrue();
            JsonNode door = before.get(doorOpener);
            assertThat(door.get("deliverable").asBoolean()).isFalse();
            assertThat(door.get("wpiItems")).isEmpty();
            assertThat(door.get("drift").asText()).isEqualTo("NOT_DELIVERABLE");
            assertThat(byParameter(clientField(mac, "configuration(onlyDrifted: true) { parameter drift }").get("configuration")))
                    .containsKeys(SNTP, TRANSPORT, SIP_PASSWORD).doesNotContainKey(doorOpener);
            JsonNode defaults = clientField(mac, "configuration(section: \"general.date-time\") { parameter layer drift reportedValue }").get("configuration");
            assertThat(byParameter(defaults).get("general.date-time.sntp-backup-server-address").get("drift").asText()).isEqualTo("NOT_SET");

            // The phone takes the values (menu / web interface) and reports them: in sync.
            phone.setItem("sntp-addr", "10.1.1.1");
            phone.setItem("sip-transport-user", "2");
            phone.setItem("sip-pwd", SECRET);
            phone.markConfigurationChanged(true);
            simulator.interact(phone, Reason.LOCAL_CHANGES).join().requireOk();
            Map<String, JsonNode> after = await(() -> byParameter(clientField(mac, selection).get("configuration")),
                    c -> c.get(SNTP).get("drift").asText().equals("IN_SYNC"), "the phone's report");
            assertThat(after.get(TRANSPORT).get("drift").asText()).isEqualTo("IN_SYNC");
            assertThat(after.get(TRANSPORT).get("reportedValue").asText()).isEqualTo("TLS");
            assertThat(after.get(SIP_PASSWORD).get("drift").asText()).as("sealed forms agree").isEqualTo("IN_SYNC");
            assertThat(after.get(SIP_PASSWORD).get("reportedValue").isNull()).isTrue();
            assertThat(byParameter(clientField(mac, "configuration(onlyDrifted: true) { parameter }").get("configuration")))
                    .doesNotContainKeys(SNTP, TRANSPORT, SIP_PASSWORD);

            // One trail for the parameter, asked by its catalog key: administrator, phone, template.
            // (the history projection is eventually consistent like the others: wait for the phone's report in it)
            JsonNode trail = await(() -> clientField(mac, "parameterHistory(parameter: \"" + SNTP + "\") { kind name source actor newValue }")
                    .get("parameterHistory"), h -> h.size() > 0 && h.get(0).get("source").asText().equals("PHONE"), "the phone's report in the history");
            assertThat(StreamSupport.stream(trail.spliterator(), false)
                    .map(e -> e.get("source").asText() + "/" + e.get("kind").asText() + "/" + e.get("name").asText() + "/" + e.get("newValue").asText()))
                    .startsWith("PHONE/ITEM/sntp-addr/10.1.1.1", "ADMIN/PARAMETER/" + SNTP + "/10.1.1.1",
                            "TEMPLATE/PARAMETER/" + SNTP + "/10.6.6.6");
            assertThat(trail.get(1).get("actor").asText()).isEqualTo("alice");
            assertThat(trail.get(2).get("actor").asText()).isEqualTo("tina");
            // ... and asked by the item's name, the same trail.
            assertThat(clientField(mac, "parameterHistory(parameter: \"sntp-addr\") { source }").get("parameterHistory"))
                    .hasSize(trail.size());

            String everything = clientField(mac, selection + " parameterHistory(first: 500) { oldValue newValue }").toString();
            assertThat(everything).doesNotContain(SECRET).doesNotContain("sealed:");
        } finally {
            graphql.data("mutation($ids: [ID!]!) { deleteTemplates(ids: $ids) }", Map.of("ids", List.of(template)));
        }
    }

    private static Map<String, JsonNode> byParameter(JsonNode configuration) {
        Map<String, JsonNode> byKey = new TreeMap<>();
        configuration.forEach(v -> byKey.put(v.get("parameter").asText(), v));
        return byKey;
    }

    @Test
    void catalogShowsTheMappingAndItsCoverage() {
        JsonNode sntp = graphql.data("{ catalog(scope: \"client\", search: \"sntp server\") { key deliverable wpiItems wpiIndex wpiEvidence } }")
                .get("catalog").get(0);
        assertThat(sntp.get("key").asText()).isEqualTo(SNTP);
        assertThat(sntp.get("deliverable").asBoolean()).isTrue();
        assertThat(sntp.get("wpiItems").get(0).asText()).isEqualTo("sntp-addr");
        assertThat(sntp.get("wpiIndex").asText()).isEqualTo("none");
        assertThat(sntp.get("wpiEvidence").asText()).isEqualTo("items.tsv");
        Map<String, String> coverage = new TreeMap<>();
        graphql.data("{ catalogStatistics { scope rows mapped unmapped } }").get("catalogStatistics")
                .forEach(c -> coverage.put(c.get("scope").asText(), c.get("rows").asInt() + "=" + c.get("mapped").asInt() + "+" + c.get("unmapped").asInt()));
        assertThat(coverage).containsExactlyInAnyOrderEntriesOf(Map.of("client", "633=207+426", "user", "357=138+219",
                "template", "708=265+443", "system", "61=0+61"));
    }

    @Test
    void everyBadEntryIsReportedAndNothingIsApplied() {
        SimulatedPhone phone = SimulatedPhone.generate(802, 1);
        simulator.startUp(phone).join().requireOk();
        long before = eventsOf(phone.mac()).size();

        JsonNode r = change(phone.mac(), "alice", "bad", value("no.such.parameter", "1"), value(TRANSPORT, "SCTP"),
                value("general.general-information.device-type", "OpenStage 99"), value(SNTP, "999.1.1.1:x"),
                value(SNTP + "x", "1"));

        JsonNode errors = r.get("errors");
        assertThat(errors).as(r.toString()).hasSize(5);
        assertThat(StreamSupport.stream(errors.spliterator(), false).map(e -> e.get("extensions").get("rule").asText()))
                .containsExactlyInAnyOrder("unknown-parameter", "enum", "read-only", "ip", "unknown-parameter");
        assertThat(StreamSupport.stream(errors.spliterator(), false).map(e -> e.get("message").asText()))
                .anyMatch(m -> m.contains("SCTP") && m.contains("UDP"));
        assertThat(eventsOf(phone.mac())).hasSize((int) before);
    }

    @Test
    void rebuildingBothProjectionsGivesIdenticalDocuments() {
        SimulatedPhone phone = SimulatedPhone.generate(803, 1);
        simulator.startUp(phone).join().requireOk();
        assertThat(change(phone.mac(), "alice", "x", value(SNTP, "10.3.3.3")).get("errors")).isNull();
        String device = DeviceId.parse(phone.mac()).value();
        await(() -> mongo.find(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("subject").is(device)), Document.class,
                        "client_history_events"),
                d -> d.toString().contains("10.3.3.3"), "history");
        await(() -> mongo.findById(device, Document.class, "clients"), d -> d != null && d.toJson().contains("10.3.3.3"), "client");
        awaitProjectionsCaughtUp();
        Map<String, List<Document>> before = snapshot();
        for (String p : List.of("client-projection", "history-projection")) {
            JsonNode r = graphql.data("mutation { rebuildProjection(name: \"" + p + "\") { events } }");
            assertThat(r.get("rebuildProjection").get("events").asLong()).isPositive();
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    private Map<String, List<Document>> snapshot() {
        Map<String, List<Document>> all = new TreeMap<>();
        for (String c : List.of("clients", "client_history_heads", "client_history_events")) {
            all.put(c, mongo.find(new org.springframework.data.mongodb.core.query.Query()
                    .with(org.springframework.data.domain.Sort.by("_id")), Document.class, c));
        }
        return all;
    }

    private static List<JsonNode> entries(JsonNode history, String name) {
        return StreamSupport.stream(history.spliterator(), false).filter(e -> e.get("name").asText().equals(name)).toList();
    }
}
