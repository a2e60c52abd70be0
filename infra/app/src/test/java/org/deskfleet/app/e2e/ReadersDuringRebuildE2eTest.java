package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.api.admin.ProjectionMaintenance;
import org.deskfleet.kernel.maintenance.RebuildResult;
import org.deskfleet.query.ReadModels;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers during a rebuild: the replay goes into shadow collections while GraphQL keeps answering from the old,
 * complete read model (no phone missing, no count going down), then the rebuilt one takes its place at once.
 */
class ReadersDuringRebuildE2eTest extends EndToEndSupport {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    ProjectionMaintenance maintenance;

    @Test
    void readersSeeTheOldCompleteReadModelUntilTheRebuiltOneTakesItsPlace() throws Exception {
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(9301, 0, 10);
        simulator.run(fleet, 4);
        List<String> ids = fleet.stream().map(p -> DeviceId.parse(p.mac()).value()).toList();
        await(() -> ids.stream().filter(id -> phone(id).isNull()).count(), missing -> missing == 0, "every phone visible");
        List<Document> before = await(() -> documents(ids), docs -> docs.stream().allMatch(d -> d.getBoolean("inventoryComplete")),
                "the inventories projected");
        int count = totalCount();

        CompletableFuture<RebuildResult> rebuild = maintenance.rebuild("client-projection");
        boolean sawShadow = false;
        int reads = 0;
        while (!rebuild.isDone()) {
            sawShadow |= mongo.collectionExists(ClientDocument.COLLECTION + ReadModels.SHADOW);
            String id = ids.get(reads % ids.size());
            assertThat(phone(id).isNull()).as("phone %s missing during the rebuild (read %d)", id, reads).isFalse();
            assertThat(totalCount()).as("count during the rebuild").isGreaterThanOrEqualTo(count);
            reads++;
        }
        assertThat(rebuild.get(10, TimeUnit.MINUTES).events()).isPositive();

        assertThat(reads).isPositive();
        assertThat(sawShadow).as("the replay wrote into a shadow collection").isTrue();
        assertThat(mongo.collectionExists(ClientDocument.COLLECTION + ReadModels.SHADOW)).isFalse();
        assertThat(documents(ids)).isEqualTo(before);
        assertThat(ids).allMatch(id -> !phone(id).isNull());
        // The filters' indexes, built over the shadow once the replay had caught up, came with it.
        assertThat(mongo.indexOps(ClientDocument.COLLECTION).getIndexInfo())
                .extracting(org.springframework.data.mongodb.core.index.IndexInfo::getName)
                .contains("deviceType_id", "softwareType_id", "softwareVersion_id", "e164_id", "deviceType_softwareVersion_id");
        assertThat(graphql.data("{ clients(filter: {deviceType: \"%s\"}, first: 0) { totalCount } }".formatted(
                before.getFirst().getString("deviceType"))).get("clients").get("totalCount").asInt()).isPositive();
    }

    private JsonNode phone(String id) {
        return graphql.data("query($id: ID!) { client(deviceId: $id) { deviceId } }", Map.of("id", id)).get("client");
    }

    private int totalCount() {
        return graphql.data("{ clients(first: 1) { totalCount } }").get("clients").get("totalCount").asInt();
    }

    private List<Document> documents(List<String> ids) {
        return mongo.find(Query.query(Criteria.where("_id").in(ids)).with(Sort.by("_id")), Document.class, ClientDocument.COLLECTION);
    }
}
