package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.deskfleet.api.admin.ProjectionMaintenance;
import org.deskfleet.query.ReadModels;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read model rebuilt again and again on the running server is the live read model each time: the same
 * documents, no event parked on the way, no shadow left, its indexes in place, and new events reach it. (The
 * second rebuild of a collection is the one that once found the first one's storage under its shadow's name.)
 */
class RepeatedRebuildE2eTest extends JobSupport {

    static final String SNTP = "general.date-time.sntp-server-address";
    static final List<String> PROJECTIONS = List.of("client-projection", "history-projection", "job-projection");

    @Autowired
    ProjectionMaintenance maintenance;
    @Autowired
    MongoTemplate mongo;

    @Test
    void afterEachRebuildTheLiveReadModelIsWholeAndFollowsNewEvents() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(9501, 0, 4);
        List<String> ids = phones.stream().map(p -> id(p.mac())).toList();
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(4).registered()).isEqualTo(4);
            awaitProjectionsCaughtUp(); // a job's targets are looked up in the read model
            String first = configure(phones, "10.95.0.1");
            assertThat(awaitJobEnded(first).get("counts").get("succeeded").asInt()).isEqualTo(4);
            for (SimulatedPhone p : phones) {
                await(() -> client(p.mac()).toString().contains("10.95.0.1"), b -> b, "the value on " + p.mac());
            }
            awaitProjectionsCaughtUp();
            Map<String, List<Document>> before = readModel(ids, first);

            for (int round = 1; round <= 2; round++) {
                for (String projection : PROJECTIONS) {
                    assertThat(maintenance.rebuild(projection).get(10, TimeUnit.MINUTES).events()).as(projection).isPositive();
                }
                assertThat(readModel(ids, first)).as("after rebuild %d", round).isEqualTo(before);
                for (String projection : PROJECTIONS) {
                    var letters = processing.deadLetterQueue(projection).orElseThrow();
                    assertThat(ids).as("phones with events parked by %s, rebuild %d", projection, round)
                            .noneMatch(letters::contains);
                    assertThat(letters.contains(first)).as("the job's events parked by %s, rebuild %d", projection, round).isFalse();
                }
                assertThat(mongo.getCollectionNames()).noneMatch(c -> c.endsWith(ReadModels.SHADOW));
                assertThat(mongo.indexOps("clients").getIndexInfo()).extracting(IndexInfo::getName).contains("_id_", "e164_id", "deviceType_id", "deviceType_softwareVersion_id");
            }

            // New events reach the live read model.
            String second = configure(phones, "10.95.0.2");
            JsonNode ended = awaitJobEnded(second);
            assertThat(ended.get("counts").get("succeeded").asInt()).isEqualTo(4);
            assertThat(ended.get("targets")).hasSize(4);
            for (SimulatedPhone p : phones) {
                await(() -> client(p.mac()).toString().contains("10.95.0.2"), b -> b, "the new value on " + p.mac());
                await(() -> graphql.data("query($id: ID!) { client(deviceId: $id) { parameterHistory(first: 1000) { newValue } } }",
                                Map.of("id", p.mac())).get("client").get("parameterHistory").toString(),
                        h -> h.contains("10.95.0.2") && h.contains("10.95.0.1"), "both values in the history of " + p.mac());
            }
        }
    }

    private String configure(List<SimulatedPhone> phones, String value) {
        return create("""
                mutation($ids: [ID!]) { submitConfiguration(targets: {deviceIds: $ids}, options: {reason: "rebuilt again"},
                  changes: [{parameter: "%s", value: "%s"}]) { jobId } }
                """.formatted(SNTP, value), Map.of("ids", macs(phones)), "submitConfiguration");
    }

    /** This test's phones and job in every collection of the three projections. */
    private Map<String, List<Document>> readModel(List<String> ids, String jobId) {
        Map<String, List<Document>> all = new TreeMap<>();
        all.put("clients", find("clients", Criteria.where("_id").in(ids)));
        all.put("client_history_heads", find("client_history_heads", Criteria.where("_id").in(ids)));
        all.put("client_history_events", find("client_history_events", Criteria.where("subject").in(ids)));
        all.put("jobs", find("jobs", Criteria.where("_id").is(jobId)));
        all.put("job_targets", find("job_targets", Criteria.where("jobId").is(jobId)));
        return all;
    }

    private List<Document> find(String collection, Criteria criteria) {
        return mongo.find(Query.query(criteria).with(Sort.by("_id")), Document.class, collection);
    }
}
