package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientQuarantined;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.deskfleet.wpi.codec.Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarantine of unknown phones, end to end: simulated phones over the real TLS listener, GraphQL over HTTPS. With
 * QUARANTINE, a MAC never seen is recorded and shown but gets nothing, is in no filter and no job, until an operator
 * approves it; with REGISTER (the default, OSEM's behaviour) nothing changes. The setting is put back to REGISTER
 * after each test: the server is shared with the other end-to-end tests.
 */
class QuarantineE2eTest extends JobSupport {

    private static final String SIP_PASSWORD = "telephony.sip-settings.sip-credentials-password";
    private static final String SECRET = "quarantine-Secret-7701";
    private static final String SECRET_AFTER = "approved-Secret-7702";

    @AfterEach
    void backToRegister() {
        setUnknownPhones("REGISTER");
    }

    @Test
    void aQuarantinedPhoneIsShownButGetsNothingUntilApprovedAndThenTheNextJob() throws Exception {
        // Two phones whose MACs share five octets: a filter on that prefix is "the fleet" of this test.
        List<SimulatedPhone> pair = pairSharingAPrefix(7701);
        SimulatedPhone known = pair.get(0);
        SimulatedPhone stranger = pair.get(1);
        String prefix = known.mac().substring(0, 14).toLowerCase(Locale.ROOT);
        SimulatedPhone impostor = SimulatedPhone.generate(7703, 0);
        try (LiveFleet fleet = LiveFleet.start(simulator, List.of(known, stranger, impostor), LiveOptions.defaults())) {
            assertThat(fleet.phone(known.mac()).startUp().join().requireOk().registered()).isTrue();

            assertThat(setUnknownPhones("QUARANTINE").get("mode").asText()).isEqualTo("QUARANTINE");
            InteractionTrace first = fleet.phone(stranger.mac()).startUp().join().requireOk();
            assertGotNothing(first);
            awaitProjectionsCaughtUp();

            // Recorded and shown, flagged, with what it claimed and that it was quarantined.
            JsonNode shown = graphql.data("query($id: ID!) { client(deviceId: $id) { deviceId quarantined deviceType e164 "
                    + "parameterHistory(first: 50) { kind name newValue source } } }", Map.of("id", stranger.mac())).get("client");
            assertThat(shown.get("quarantined").asBoolean()).isTrue();
            assertThat(shown.get("deviceType").asText()).isEqualTo(stranger.deviceType());
            assertThat(shown.get("parameterHistory").toString()).contains("ADMISSION").contains("quarantined");
            assertThat(quarantinedIds()).contains(id(stranger.mac()));
            // In no selection: the prefix filter lists the known phone only.
            JsonNode listed = graphql.data("query($p: String) { clients(filter: {deviceIdPrefix: $p}) { totalCount nodes { deviceId quarantined } } }",
                    Map.of("p", prefix)).get("clients");
            assertThat(listed.get("nodes").findValuesAsText("deviceId")).contains(id(known.mac())).doesNotContain(id(stranger.mac()));

            // Named, or asked for as quarantined phones: refused with the reason, nothing created.
            long before = eventsBesidesDeliveryRetries();
            assertError("mutation($ids: [ID!]) { restartClients(targets: {deviceIds: $ids}) { jobId } }",
                    Map.of("ids", List.of(known.mac(), stranger.mac())), id(stranger.mac()) + " is quarantined");
            assertError("mutation { restartClients(targets: {filter: {quarantined: true}}) { jobId } }", Map.of(),
                    "quarantined phones are no job targets");
            assertThat(eventsBesidesDeliveryRetries()).isEqualTo(before);

            // A filter job over the prefix reaches the known phone only.
            long strangerEvents = eventsOf(stranger.mac()).size();
            String jobId = create("""
                    mutation($p: String, $v: String) { submitConfiguration(targets: {filter: {deviceIdPrefix: $p}},
                      changes: [{parameter: "%s", value: $v}]) { jobId targetCount } }
                    """.formatted(SIP_PASSWORD), Map.of("p", prefix, "v", SECRET), "submitConfiguration");

            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(targets(job).keySet()).containsExactly(id(known.mac()));
            assertThat(known.value("sip-pwd")).contains(SECRET);

            // Calling again, it still gets nothing (no configuration, no secret) and nothing more is recorded.
            assertGotNothing(fleet.phone(stranger.mac()).startUp().join().requireOk());
            assertThat(stranger.value("sip-pwd").orElse("")).doesNotContain(SECRET);
            assertThat(eventsOf(stranger.mac())).hasSize((int) strangerEvents);

            // An impostor claiming a new MAC gets nothing either.
            assertGotNothing(fleet.phone(impostor.mac()).startUp().join().requireOk());
            assertThat(impostor.value("sip-pwd").orElse("")).doesNotContain(SECRET);

            // Bad input: an unknown device in the list approves nobody.
            JsonNode bad = graphql.execute("mutation($ids: [ID!]!) { approveClients(deviceIds: $ids) }",
                    Map.of("ids", List.of(stranger.mac(), "00:1a:e8:ff:ff:7e")));
            assertThat(bad.get("errors").toString()).contains("unknown device 00:1a:e8:ff:ff:7e").contains("nothing was approved");
            assertThat(eventsOf(stranger.mac())).hasSize((int) strangerEvents);
            assertThat(graphql.execute("mutation { approveClients(deviceIds: [\"not a mac\"]) }", Map.of()).get("errors")).isNotNull();

            // Approved: an event with actor and time, then a client like any other.
            JsonNode approved = graphql.data("mutation($ids: [ID!]!) { approveClients(deviceIds: $ids, reason: \"badge checked\") }",
                    Map.of("ids", List.of(stranger.mac()))).get("approveClients");
            assertThat(approved.get(0).asText()).isEqualTo(id(stranger.mac()));
            List<Object> events = eventsOf(stranger.mac());
            assertThat(events.getFirst()).isInstanceOf(ClientQuarantined.class);
            ClientApproved approval = (ClientApproved) events.getLast();
            assertThat(approval.actor()).isEqualTo("admin");
            assertThat(approval.reason()).isEqualTo("badge checked");
            assertThat(approval.at()).isNotNull();
            awaitProjectionsCaughtUp();
            JsonNode after = graphql.data("query($id: ID!) { client(deviceId: $id) { quarantined parameterHistory(first: 50) { kind name oldValue newValue actor reason } } }",
                    Map.of("id", stranger.mac())).get("client");
            assertThat(after.get("quarantined").asBoolean()).isFalse();
            assertThat(after.get("parameterHistory").toString()).contains("badge checked").contains("\"actor\":\"admin\"");
            assertThat(quarantinedIds()).doesNotContain(id(stranger.mac()));

            // The next filter job includes it, and it gets the job.
            String next = create("""
                    mutation($p: String, $v: String) { submitConfiguration(targets: {filter: {deviceIdPrefix: $p}},
                      changes: [{parameter: "%s", value: $v}]) { jobId targetCount } }
                    """.formatted(SIP_PASSWORD), Map.of("p", prefix, "v", SECRET_AFTER), "submitConfiguration");
            fleet.phone(stranger.mac()).startUp().join().requireOk();
            JsonNode nextJob = awaitJobEnded(next);
            assertThat(targets(nextJob).keySet()).containsExactlyInAnyOrder(id(known.mac()), id(stranger.mac()));
            assertThat(nextJob.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(stranger.value("sip-pwd")).contains(SECRET_AFTER);

            // Rejected: deleteClients forgets the impostor; calling again it is quarantined anew.
            graphql.data("mutation($ids: [ID!]!) { deleteClients(deviceIds: $ids) }", Map.of("ids", List.of(impostor.mac())));
            awaitProjectionsCaughtUp();
            assertThat(quarantinedIds()).doesNotContain(id(impostor.mac()));
            assertGotNothing(fleet.phone(impostor.mac()).startUp().join().requireOk());
        }
    }

    @Test
    void quarantinedPhonesAreApprovedInBulkAndThenServedInFull() {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(7705, 0, 3);
        setUnknownPhones("QUARANTINE");
        phones.forEach(p -> assertGotNothing(simulator.startUp(p).join().requireOk()));
        awaitProjectionsCaughtUp();
        List<String> ids = phones.stream().map(p -> id(p.mac())).toList();
        assertThat(quarantinedIds()).containsAll(ids);

        JsonNode approved = graphql.data("mutation($ids: [ID!]!) { approveClients(deviceIds: $ids) }",
                Map.of("ids", phones.stream().map(SimulatedPhone::mac).toList())).get("approveClients");
        List<String> answered = new ArrayList<>();
        approved.forEach(n -> answered.add(n.asText()));
        assertThat(answered).containsExactlyElementsOf(ids);
        // Answered once the clients show them: listed as clients, out of the quarantine.
        for (SimulatedPhone p : phones) {
            assertThat(graphql.data("query($id: ID!) { client(deviceId: $id) { quarantined } }", Map.of("id", p.mac()))
                    .get("client").get("quarantined").asBoolean()).as(p.mac()).isFalse();
        }
        assertThat(quarantinedIds()).doesNotContainAnyElementsOf(ids);
        // Approving again changes nothing; each phone's next start-up is a registration read in full.
        graphql.data("mutation($ids: [ID!]!) { approveClients(deviceIds: $ids) }", Map.of("ids", ids));
        for (SimulatedPhone p : phones) {
            InteractionTrace trace = simulator.startUp(p).join().requireOk();
            assertThat(trace.actions()).contains(Action.READ_ALL_ITEMS);
            assertThat(eventsOf(p.mac()).stream().filter(e -> e instanceof ClientApproved).count()).isEqualTo(1);
        }
    }

    @Test
    void withRegisterAnUnknownPhoneIsRegisteredAsBefore() {
        assertThat(graphql.data("{ unknownPhones { mode } }").get("unknownPhones").get("mode").asText()).isEqualTo("REGISTER");
        SimulatedPhone phone = SimulatedPhone.generate(7704, 0);
        assertThat(simulator.startUp(phone).join().requireOk().registered()).isTrue();
        awaitProjectionsCaughtUp();
        assertThat(graphql.data("query($id: ID!) { client(deviceId: $id) { quarantined } }", Map.of("id", phone.mac()))
                .get("client").get("quarantined").asBoolean()).isFalse();
        assertThat(quarantinedIds()).doesNotContain(id(phone.mac()));
        // The setting is audited: who changed it, when.
        setUnknownPhones("QUARANTINE");
        JsonNode back = setUnknownPhones("REGISTER");
        assertThat(back.get("actor").asText()).isEqualTo("admin");
        assertThat(back.get("changedAt").isNull()).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode setUnknownPhones(String mode) {
        return graphql.data("mutation($m: UnknownPhonesMode!) { setUnknownPhones(mode: $m, reason: \"test\") { mode changedAt actor } }",
                Map.of("m", mode)).get("setUnknownPhones");
    }

    private List<String> quarantinedIds() {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = graphql.data("query($a: String) { clients(filter: {quarantined: true}, first: 500, after: $a) { nodes { deviceId quarantined } pageInfo { endCursor hasNextPage } } }",
                    after == null ? Map.of() : Map.of("a", after)).get("clients");
            page.get("nodes").forEach(n -> {
                assertThat(n.get("quarantined").asBoolean()).isTrue();
                ids.add(n.get("deviceId").asText());
            });
            after = page.get("pageInfo").get("hasNextPage").asBoolean() ? page.get("pageInfo").get("endCursor").asText() : null;
        } while (after != null);
        return ids;
    }

    /** The interaction ended at once: not read, nothing written, the quarantine as its reason. */
    private static void assertGotNothing(InteractionTrace trace) {
        assertThat(trace.actions()).doesNotContain(Action.READ_ALL_ITEMS, Action.WRITE_ITEMS, Action.READ_ITEMS);
        assertThat(trace.finalCleanupReason()).contains(RegistrationOutcome.QUARANTINED);
    }

    private void assertError(String query, Map<String, Object> variables, String expected) {
        JsonNode r = graphql.execute(query, variables);
        assertThat(r.get("errors")).as(query).isNotNull();
        assertThat(r.get("errors").toString()).contains(expected);
    }

    /**
     * Two phones of the seed's fleet whose MACs share their first five octets, a prefix no client has yet (the server
     * is shared: a phone of another test there would be a target too).
     */
    private List<SimulatedPhone> pairSharingAPrefix(long seed) {
        Map<String, SimulatedPhone> byPrefix = new HashMap<>();
        for (SimulatedPhone p : SimulatedPhone.fleet(seed, 0, 20_000)) {
            String prefix = p.mac().substring(0, 14);
            SimulatedPhone other = byPrefix.putIfAbsent(prefix, p);
            if (other != null && graphql.data("query($p: String) { clients(filter: {deviceIdPrefix: $p}) { totalCount } }",
                    Map.of("p", prefix)).get("clients").get("totalCount").asInt() == 0) {
                return List.of(other, p);
            }
        }
        throw new IllegalStateException("no two phones of seed " + seed + " share a free prefix");
    }
}
