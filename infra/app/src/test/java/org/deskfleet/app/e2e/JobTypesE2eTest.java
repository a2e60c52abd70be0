package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other job types end to end (restart, factory reset, files, refresh by filter), a phone that never
 * calls back, the job list with filter / sort / paging, deletion, and a rebuild of the job read model.
 */
class JobTypesE2eTest extends JobSupport {

    @Autowired
    MongoTemplate mongo;

    @Test
    void restartAndFactoryResetAreDoneWhenThePhoneStartsUpAgain() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4701, 0, 2);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(2).registered()).isEqualTo(2);
            awaitProjectionsCaughtUp();
            String restart = create("mutation($ids: [ID!]) { restartClients(targets: {deviceIds: $ids}) { jobId } }",
                    List.of(phones.get(0).mac()), "restartClients");
            String reset = create("mutation($ids: [ID!]) { resetClients(targets: {deviceIds: $ids}, keepCertificates: false) { jobId } }",
                    List.of(phones.get(1).mac()), "resetClients");
            JsonNode r = target(awaitJobEnded(restart), 0);
            assertThat(r.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(r.get("detail").asText()).isEqualTo("phone started up again");
            assertThat(r.get("phase").asText()).isEqualTo("DONE");
            assertThat(r.get("exchange").toString()).contains("Restart");
            JsonNode f = target(awaitJobEnded(reset), 0);
            assertThat(f.get("state").asText()).isEqualTo("SUCCESS");
            LivePhone resetPhone = fleet.phone(phones.get(1).mac());
            // After the reset the phone came back with start-up and was read in full again (its settings changed).
            assertThat(resetPhone.interactions()).anyMatch(t -> t.reason() == Reason.START_UP
                    && t.actions().contains(Action.READ_ALL_ITEMS) && resetPhone.interactions().indexOf(t) > 0);
        }
    }

    @Test
    void filesAreConfirmedByStatusOrByReadingBack() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4702, 0, 2);
        phones.get(1).failNextFileDeployment();
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(2).registered()).isEqualTo(2);
            awaitProjectionsCaughtUp();
            String single = create("""
                    mutation($ids: [ID!]) { deployFiles(targets: {deviceIds: $ids},
                      files: [{fileType: "LOGO", url: "https://files.example.net/logo.png", name: "logo.png"}]) { jobId } }
                    """, macs(phones), "deployFiles");
            JsonNode job = awaitJobEnded(single);
            Map<String, JsonNode> targets = targets(job);
            assertThat(targets.get(id(phones.get(0).mac())).get("state").asText()).isEqualTo("SUCCESS");
            assertThat(targets.get(id(phones.get(1).mac())).get("state").asText()).isEqualTo("FAILED");
            assertThat(targets.get(id(phones.get(1).mac())).get("detail").asText()).contains("file-deployment-status failed");
            assertThat(job.get("state").asText()).isEqualTo("PARTIAL_SUCCESSFUL");

            String multi = create("""
                    mutation($ids: [ID!]) { deployFiles(targets: {deviceIds: $ids}, files: [
                      {fileType: "RINGTONE", url: "https://files.example.net/ring1.mp3", name: "ring1.mp3"},
                      {fileType: "PIC", url: "https://files.example.net/me.jpg", name: "me.jpg"}]) { jobId } }
                    """, List.of(phones.get(0).mac()), "deployFiles");
            JsonNode m = target(awaitJobEnded(multi), 0);
            assertThat(m.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(m.get("exchange").toString()).contains("FileDeployment").contains("ReadAllItems");
            // The read-back landed in the inventory.
            await(() -> client(phones.get(0).mac()).get("items").toString(), items -> items.contains("ring1.mp3") && items.contains("me.jpg"),
                    "the read-back files in the inventory");
        }
    }

    @Test
    void aPhoneThatNeverCallsBackTimesOutWithItsAttempts() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4703, 0, 1);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(1).registered()).isEqualTo(1);
            awaitProjectionsCaughtUp();
            fleet.phones().get(0).setReachable(false);
            String jobId = graphql.data("mutation($ids: [ID!]) { refreshClients(targets: {deviceIds: $ids}, options: {timeoutSeconds: 4}) { jobId } }",
                    Map.of("ids", macs(phones))).get("refreshClients").get("jobId").asText();
            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("TIMEOUT");
            JsonNode t = target(job, 0);
            assertThat(t.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(t.get("detail").asText()).contains("not delivered within PT4S");
        }
    }

    @Test
    void theJobListFiltersSortsPagesDeletesAndRebuilds() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4704, 0, 3);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(3).registered()).isEqualTo(3);
            awaitProjectionsCaughtUp();
            // Targets by filter, resolved now: this phone's number is its own.
            String byFilter = graphql.data("""
                    mutation($n: String) { refreshClients(targets: {filter: {e164: $n}}) { jobId targetCount } }
                    """, Map.of("n", phones.get(1).e164())).get("refreshClients").get("jobId").asText();
            JsonNode done = awaitJobEnded(byFilter);
            assertThat(done.get("counts").get("total").asInt()).isEqualTo(1);
            assertThat(target(done, 0).get("deviceId").asText()).isEqualTo(id(phones.get(1).mac()));
            String later = graphql.data("mutation($ids: [ID!], $at: DateTime) { restartClients(targets: {deviceIds: $ids}, options: {plannedAt: $at}) { jobId } }",
                    Map.of("ids", macs(phones), "at", java.time.Instant.now().plusSeconds(3600).toString())).get("restartClients").get("jobId").asText();
            await(() -> job(later), j -> !j.isNull(), "scheduled job listed");
            assertThat(target(job(later), 0).get("phase").asText()).isEqualTo("PLANNED");

            JsonNode created = graphql.data("{ jobs(filter: {state: CREATED}, first: 500) { totalCount nodes { id state } } }").get("jobs");
            assertThat(created.get("nodes").toString()).contains(later).doesNotContain(byFilter);
            JsonNode succeeded = graphql.data("query($after: DateTime) { jobs(filter: {state: SUCCESS, executedAfter: $after}, sort: EXECUTED_ASC, first: 500) { nodes { id startedAt } } }",
                    Map.of("after", done.get("startedAt").asText())).get("jobs");
            assertThat(succeeded.get("nodes").toString()).contains(byFilter);
            // Pages of one, newest first, cover every job exactly once.
            int total = graphql.data("{ jobs { totalCount } }").get("jobs").get("totalCount").asInt();
            List<String> seen = new java.util.ArrayList<>();
            String cursor = null;
            while (true) {
                JsonNode page = graphql.execute("query($after: String) { jobs(first: 1, after: $after) { nodes { id createdAt } pageInfo { endCursor hasNextPage } } }",
                        cursor == null ? Map.of() : Map.of("after", cursor)).get("data").get("jobs");
                page.get("nodes").forEach(n -> seen.add(n.get("id").asText()));
                if (!page.get("pageInfo").get("hasNextPage").asBoolean()) {
                    break;
                }
                cursor = page.get("pageInfo").get("endCursor").asText();
            }
            assertThat(seen).hasSize(total).doesNotHaveDuplicates();
            assertThat(seen.indexOf(later)).isLessThan(seen.indexOf(byFilter));

            // A rebuild of the job read model gives the same documents.
            awaitProjectionsCaughtUp();
            List<Document> before = documents();
            JsonNode rebuilt = graphql.data("mutation { rebuildProjection(name: \"job-projection\") { events } }").get("rebuildProjection");
            assertThat(rebuilt.get("events").asLong()).isGreaterThan(0);
            assertThat(documents()).isEqualTo(before);

            // Deleting the scheduled job: gone from the list, and it never runs.
            JsonNode deleted = graphql.data("mutation($ids: [ID!]!) { deleteJobs(ids: $ids) }", Map.of("ids", List.of(later)));
            assertThat(deleted.get("deleteJobs").toString()).contains(later);
            await(() -> job(later), JsonNode::isNull, "deleted job gone");
            JsonNode again = graphql.execute("mutation($ids: [ID!]!) { deleteJobs(ids: $ids) }", Map.of("ids", List.of(later)));
            assertThat(again.get("errors").toString()).contains("already deleted");
        }
    }

    @Test
    void aTargetDeletedWhileTheJobRunsEndsFailedAndThePhoneMayRegisterAnew() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4705, 0, 2);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(2).registered()).isEqualTo(2);
            awaitProjectionsCaughtUp();
            LivePhone gone = fleet.phone(phones.get(1).mac());
            gone.setReachable(false);
            String jobId = create("mutation($ids: [ID!]) { refreshClients(targets: {deviceIds: $ids}) { jobId } }", macs(phones), "refreshClients");
            await(() -> job(jobId), j -> !j.isNull() && targets(j).get(id(phones.get(0).mac())).get("state").asText().equals("SUCCESS"),
                    "the reachable phone done");
            JsonNode deleted = graphql.data("mutation($ids: [ID!]!) { deleteClients(deviceIds: $ids) }", Map.of("ids", List.of(gone.mac())));
            assertThat(deleted.get("deleteClients").get(0).asText()).isEqualTo(id(gone.mac()));

            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("PARTIAL_SUCCESSFUL");
            JsonNode t = targets(job).get(id(gone.mac()));
            assertThat(t.get("state").asText()).isEqualTo("FAILED");
            assertThat(t.get("detail").asText()).isEqualTo("client deleted by admin");
            // The job's end and the client list are separate read models: the list may follow a moment later.
            await(() -> client(gone.mac()), JsonNode::isNull, "the deleted client gone from the list");
            // Deleted twice: a clear error. Calling in again: a new registration, read in full.
            assertThat(graphql.execute("mutation($ids: [ID!]!) { deleteClients(deviceIds: $ids) }", Map.of("ids", List.of(gone.mac())))
                    .get("errors").toString()).contains("unknown device");
            gone.setReachable(true);
            assertThat(gone.startUp().get().actions()).contains(Action.READ_ALL_ITEMS);
            await(() -> client(gone.mac()), c -> !c.isNull(), "registered anew");
        }
    }

    @Test
    void aPhoneThatDropsTheConnectionMidJobGetsItAgainLater() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(4706, 0, 1);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(1).registered()).isEqualTo(1);
            awaitProjectionsCaughtUp();
            LivePhone phone = fleet.phones().get(0);
            phone.phone().setMisbehaviour(org.deskfleet.simulator.Misbehaviour.DROP);
            String jobId = create("mutation($ids: [ID!]) { refreshClients(targets: {deviceIds: $ids}) { jobId } }", macs(phones), "refreshClients");
            // The interaction is lost with the connection; the job stays pending for the next contact.
            await(() -> job(jobId), j -> !j.isNull() && target(j, 0).get("attempts").asInt() >= 1, "a deferred attempt");
            assertThat(job(jobId).get("state").asText()).isEqualTo("ACTIVE");
            phone.phone().setMisbehaviour(org.deskfleet.simulator.Misbehaviour.NONE);
            JsonNode done = awaitJobEnded(jobId);
            assertThat(done.get("state").asText()).isEqualTo("SUCCESS");
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<Document> documents() {
        List<Document> all = new java.util.ArrayList<>(mongo.find(new Query().with(Sort.by("_id")), Document.class, "jobs"));
        all.addAll(mongo.find(new Query().with(Sort.by("_id")), Document.class, "job_targets"));
        return all;
    }

    String create(String mutation, List<String> macs, String field) {
        return create(mutation, Map.of("ids", macs), field);
    }
}
