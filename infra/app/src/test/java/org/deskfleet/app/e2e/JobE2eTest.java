package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetDeferred;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs end to end: created over GraphQL, delivered by contact-me (or on a DCMP poll) to live simulated
 * phones over TLS, verified on the phone, recorded by the Job aggregate and shown by the job projection.
 */
class JobE2eTest extends JobSupport {

    static final String SNTP = "general.date-time.sntp-server-address";
    static final String SNTP_BACKUP = "general.date-time.sntp-backup-server-address";

    @Test
    void aConfigurationJobToAHundredPhonesWithBusyAndRejectingOnes() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4401, 0, 100);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(10).registered()).isEqualTo(100);
            awaitProjectionsCaughtUp();
            List<LivePhone> busy = fleet.phones().subList(0, 10);
            List<LivePhone> rejecting = fleet.phones().subList(10, 15);
            busy.forEach(LivePhone::startCall);
            rejecting.forEach(p -> p.phone().rejectItem("sntp-addr-backup", "invalid data"));

            String jobId = create("""
                    mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "new time servers"},
                      changes: [{parameter: "%s", value: "10.9.8.7"}, {parameter: "%s", value: "10.9.8.8"}]) { jobId targetCount } }
                    """.formatted(SNTP, SNTP_BACKUP), Map.of("ids", macs(phones)), "submitConfiguration");

            // Every busy phone answered busy at least once before its call ends.
            Set<String> busyIds = busy.stream().map(p -> id(p.mac())).collect(Collectors.toSet());
            await(() -> eventStore.readEvents(jobId).asStream().map(m -> m.getPayload())
                            .filter(e -> e instanceof JobTargetDeferred d && busyIds.contains(d.deviceId()) && d.reason().equals("busy"))
                            .map(e -> ((JobTargetDeferred) e).deviceId()).collect(Collectors.toSet()),
                    s -> s.size() == 10, "all busy phones deferred");
            busy.forEach(LivePhone::endCall);

            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("PARTIAL_SUCCESSFUL");
            assertThat(job.get("counts").get("succeeded").asInt()).isEqualTo(95);
            assertThat(job.get("counts").get("partial").asInt()).isEqualTo(5);
            assertThat(job.get("counts").get("pending").asInt()).isZero();

            Map<String, JsonNode> targets = new HashMap<>();
            job.get("targets").forEach(t -> targets.put(t.get("deviceId").asText(), t));
            assertThat(targets).hasSize(100);
            for (LivePhone p : rejecting) {
                JsonNode t = targets.get(id(p.mac()));
                assertThat(t.get("state").asText()).isEqualTo("PARTIAL_SUCCESSFUL");
                assertThat(t.get("itemStatuses").toString()).contains("sntp-addr-backup").contains("invalid data");
                assertThat(p.phone().value("sntp-addr")).contains("10.9.8.7");
            }
            for (LivePhone p : busy) {
                JsonNode t = targets.get(id(p.mac()));
                assertThat(t.get("state").asText()).isEqualTo("SUCCESS");
                assertThat(t.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
                // Busy → CleanUp with send-solicited → the phone came back by itself and took the job.
                List<InteractionTrace> seen = p.interactions();
                int busyAt = indexOf(seen, tr -> tr.sendSolicited() && tr.actions().contains(Action.WRITE_ITEMS));
                assertThat(busyAt).as("busy interaction of " + p.mac()).isGreaterThanOrEqualTo(0);
                assertThat(seen.subList(busyAt + 1, seen.size())).anyMatch(tr -> tr.reason() == Reason.SOLICITED
                        && tr.actions().contains(Action.WRITE_ITEMS) && tr.actions().contains(Action.READ_ITEMS));
            }
            for (LivePhone p : fleet.phones()) {
                assertThat(p.phone().value("sntp-addr")).as(p.mac()).contains("10.9.8.7");
                assertThat(targets.get(id(p.mac())).get("exchange").toString()).contains("WriteItems").contains("ReadItems");
            }

            // The projection says what the events say, target by target.
            Map<String, JobStatus> fromEvents = new HashMap<>();
            JobCompleted[] completed = new JobCompleted[1];
            eventStore.readEvents(jobId).asStream().forEach(m -> {
                if (m.getPayload() instanceof JobTargetCompleted c) {
                    assertThat(fromEvents.put(c.deviceId(), c.state())).as("one end per target").isNull();
                } else if (m.getPayload() instanceof JobCompleted c) {
                    completed[0] = c;
                }
            });
            assertThat(fromEvents).hasSize(100);
            fromEvents.forEach((device, state) -> assertThat(targets.get(device).get("state").asText()).isEqualTo(state.name()));
            assertThat(completed[0].state()).isEqualTo(JobStatus.PARTIAL_SUCCESSFUL);
            assertThat(completed[0].succeeded()).isEqualTo(95);

            // The values became the clients' desired values, correlated with the job.
            JsonNode history = graphql.data("""
                    query($id: ID!) { client(deviceId: $id) { parameterHistory(parameter: "%s") { correlationId newValue source } } }
                    """.formatted(SNTP), Map.of("id", phones.get(20).mac())).get("client").get("parameterHistory");
            assertThat(history.toString()).contains(jobId).contains("10.9.8.7");
        }
    }

    @Test
    void softwareIsDoneOnlyWhenThePhoneComesBackWithTheNewVersion() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4402, 0, 3);
        phones.get(1).setSoftwareOutcome(org.deskfleet.simulator.SoftwareOutcome.KEEP_OLD);
        phones.get(2).setSoftwareOutcome(org.deskfleet.simulator.SoftwareOutcome.NEVER_RETURN);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(3).registered()).isEqualTo(3);
            awaitProjectionsCaughtUp();
            String jobId = create("""
                    mutation($ids: [ID!]) { deploySoftware(targets: {deviceIds: $ids}, options: {timeoutSeconds: 6},
                      software: {url: "https://files.example.net/fw/os.img", softwareType: "Siemens SIP", version: "V9 R9.9.9"}) { jobId } }
                    """, Map.of("ids", macs(phones)), "deploySoftware");
            JsonNode job = awaitJobEnded(jobId);
            Map<String, JsonNode> targets = new HashMap<>();
            job.get("targets").forEach(t -> targets.put(t.get("deviceId").asText(), t));
            assertThat(targets.get(id(phones.get(0).mac())).get("state").asText()).isEqualTo("SUCCESS");
            assertThat(targets.get(id(phones.get(1).mac())).get("state").asText()).isEqualTo("FAILED");
            assertThat(targets.get(id(phones.get(1).mac())).get("detail").asText()).contains("not V9 R9.9.9");
            assertThat(targets.get(id(phones.get(2).mac())).get("state").asText()).isEqualTo("TIMEOUT");
            assertThat(targets.get(id(phones.get(2).mac())).get("detail").asText()).contains("did not start up again");
            assertThat(job.get("state").asText()).isEqualTo("PARTIAL_SUCCESSFUL");
            assertThat(client(phones.get(0).mac()).get("softwareVersion").asText()).isEqualTo("V9 R9.9.9");
        }
    }

    @Test
    void aDcmpPhoneGetsItsJobOnItsNextPoll() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4403, 0, 1);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            LivePhone phone = fleet.phones().get(0);
            phone.setReachable(false); // behind NAT: contact-me cannot reach it
            assertThat(fleet.startUpAll(1).registered()).isEqualTo(1);
            phone.startPolling("http://127.0.0.1:" + dcmpPort(), Duration.ofMillis(300));
            // Polls are no evidence: the operator says this phone polls.
            graphql.data("mutation($id: ID!) { setClientAccessMode(deviceId: $id, mode: DCMP) }", Map.of("id", phone.mac()));
            await(() -> graphql.data("query($id: ID!) { client(deviceId: $id) { accessMode } }", Map.of("id", phone.mac()))
                    .get("client").path("accessMode").asText(), "DCMP"::equals, "access mode DCMP");
            awaitProjectionsCaughtUp();
            int before = phone.interactions().size();
            String jobId = create("""
                    mutation($ids: [ID!]) { refreshClients(targets: {deviceIds: $ids}) { jobId } }
                    """, Map.of("ids", macs(phones)), "refreshClients");
            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(phone.contactMeReceived()).isZero();
            List<InteractionTrace> after = phone.interactions().subList(before, phone.interactions().size());
            assertThat(after).anyMatch(t -> t.reason() == Reason.SOLICITED && t.actions().contains(Action.READ_ALL_ITEMS));
        }
    }

    @Test
    void aRevertIsDeliveredLikeAnyChange() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4405, 0, 1);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(1).registered()).isEqualTo(1);
            awaitProjectionsCaughtUp();
            String set = """
                    mutation($ids: [ID!], $v: String) { submitConfiguration(targets: {deviceIds: $ids},
                      changes: [{parameter: "%s", value: $v}]) { jobId } }
                    """.formatted(SNTP);
            String first = graphql.data(set, Map.of("ids", macs(phones), "v", "10.1.1.1")).get("submitConfiguration").get("jobId").asText();
            assertThat(awaitJobEnded(first).get("state").asText()).isEqualTo("SUCCESS");
            awaitProjectionsCaughtUp();
            String before = java.time.Instant.now().toString();
            Thread.sleep(20);
            String second = graphql.data(set, Map.of("ids", macs(phones), "v", "10.2.2.2")).get("submitConfiguration").get("jobId").asText();
            assertThat(awaitJobEnded(second).get("state").asText()).isEqualTo("SUCCESS");
            assertThat(phones.get(0).value("sntp-addr")).contains("10.2.2.2");

            JsonNode revert = graphql.data("mutation($id: ID!, $to: DateTime!) { revertClientConfiguration(deviceId: $id, to: $to) { deviceId jobId } }",
                    Map.of("id", phones.get(0).mac(), "to", before)).get("revertClientConfiguration");
            String jobId = revert.get("jobId").asText();
            assertThat(awaitJobEnded(jobId).get("state").asText()).isEqualTo("SUCCESS");
            assertThat(phones.get(0).value("sntp-addr")).contains("10.1.1.1");
            JsonNode history = graphql.data("""
                    query($id: ID!) { client(deviceId: $id) { parameterHistory(parameter: "%s") { source newValue } } }
                    """.formatted(SNTP), Map.of("id", phones.get(0).mac())).get("client").get("parameterHistory");
            assertThat(history.toString()).contains("REVERT");
        }
    }

    @Test
    void aSecretReachesThePhoneButNeverTheStores() throws Exception {
        String secret = "sip-" + java.util.UUID.randomUUID();
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4406, 0, 1);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(1).registered()).isEqualTo(1);
            awaitProjectionsCaughtUp();
            String jobId = create("""
                    mutation($ids: [ID!], $v: String) { submitConfiguration(targets: {deviceIds: $ids},
                      changes: [{parameter: "telephony.sip-settings.sip-credentials-password", value: $v}]) { jobId } }
                    """, Map.of("ids", macs(phones), "v", secret), "submitConfiguration");
            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(phones.get(0).value("sip-pwd")).contains(secret);
            assertThat(job.toString()).doesNotContain(secret);
            awaitProjectionsCaughtUp();
            var em = entityManagerFactory.createEntityManager();
            List<?> payloads = em.createQuery("select e.payload from DomainEventEntry e").getResultList();
            em.close();
            for (Object p : payloads) {
                assertThat(new String((byte[]) p, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(secret);
            }
            for (String collection : mongo.getCollectionNames()) {
                for (org.bson.Document d : mongo.findAll(org.bson.Document.class, collection)) {
                    assertThat(d.toJson()).as(collection).doesNotContain(secret);
                }
            }
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @Test
    void badJobsAreRefusedWithAReasonAndCreateNothing() {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4404, 0, 1);
        simulator.startUp(phones.get(0)).join().requireOk();
        awaitProjectionsCaughtUp();
        long events = eventsBesidesDeliveryRetries();
        String past = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
        assertError("mutation($ids: [ID!]) { restartClients(targets: {deviceIds: $ids}, options: {plannedAt: \"" + past + "\"}) { jobId } }",
                Map.of("ids", macs(phones)), "in the past");
        assertError("mutation($ids: [ID!]) { restartClients(targets: {deviceIds: $ids}) { jobId } }",
                Map.of("ids", List.of("00:1a:e8:ff:ff:01", phones.get(0).mac())), "unknown device 00:1a:e8:ff:ff:01");
        assertError("mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, changes: [{parameter: \"" + SNTP
                + "\", value: \"not an address!\"}]) { jobId } }", Map.of("ids", macs(phones)), SNTP);
        assertError("mutation($ids: [ID!]) { deploySoftware(targets: {deviceIds: $ids}, software: {url: \"http://insecure/x\", version: \"V1\"}) { jobId } }",
                Map.of("ids", macs(phones)), "https");
        assertError("{ jobs(filter: {state: ACTIVE}, after: \"nonsense\") { totalCount } }", Map.of(), "cursor");
        String undeliverable = org.deskfleet.kernel.catalog.ParameterCatalog.bundled().entries().stream()
                .filter(e -> e.scope() == org.deskfleet.kernel.catalog.Scope.CLIENT && !e.readOnly() && !e.deliverable()
                        && e.type() == org.deskfleet.kernel.catalog.ParameterType.STRING && e.allowedValues().isEmpty()
                        && (e.condition() == null || e.condition().isBlank()))
                .map(e -> e.key()).findFirst().orElseThrow();
        assertError("mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, changes: [{parameter: \"" + undeliverable
                + "\", value: \"1\"}]) { jobId } }", Map.of("ids", macs(phones)), "not deliverable to phones");
        assertThat(eventsBesidesDeliveryRetries()).isEqualTo(events);
    }

    // ------------------------------------------------------------------ helpers

    void assertError(String query, Map<String, Object> variables, String expected) {
        JsonNode r = graphql.execute(query, variables);
        assertThat(r.get("errors")).as(query).isNotNull();
        assertThat(r.get("errors").toString()).contains(expected);
    }

    int dcmpPort() {
        return axonSpring().getBean(org.deskfleet.app.config.DcmpConfiguration.DcmpListener.class).port();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    org.springframework.context.ApplicationContext axonSpring() {
        return context;
    }

    static int indexOf(List<InteractionTrace> traces, java.util.function.Predicate<InteractionTrace> p) {
        for (int i = 0; i < traces.size(); i++) {
            if (p.test(traces.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
