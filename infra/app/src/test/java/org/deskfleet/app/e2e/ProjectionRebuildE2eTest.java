package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Dropping the read model and replaying the event store gives the very same documents. */
class ProjectionRebuildE2eTest extends EndToEndSupport {

    @Autowired
    MongoTemplate mongo;

    @Test
    void aRebuildReproducesEveryDocument() {
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(201, 0, 12);
        simulator.run(fleet, 4);
        fleet.get(0).setItem("sntp-addr", "10.1.2.3");
        fleet.get(0).markConfigurationChanged(true);
        fleet.get(1).changeSoftwareVersion("V3 R6.0.0");
        simulator.run(fleet.subList(0, 2), 2);
        long events = eventsBesidesDeliveryRetries();
        List<Document> before = await(this::documents,
                docs -> docs.size() >= 12 && docs.stream().allMatch(d -> d.getBoolean("inventoryComplete"))
                        && eventsBesidesDeliveryRetries() == events && caughtUp(docs),
                "the projection to catch up");

        JsonNode result = graphql.data("mutation { rebuildProjection(name: \"client-projection\") { projection events millis } }")
                .get("rebuildProjection");

        assertThat(result.get("events").asLong()).isGreaterThan(0);
        // The shared server may register other tests' phones meanwhile: compare the documents that were there.
        java.util.Set<Object> ids = before.stream().map(d -> d.get("_id")).collect(java.util.stream.Collectors.toSet());
        assertThat(documents().stream().filter(d -> ids.contains(d.get("_id"))).toList()).isEqualTo(before);
    }

    /**
     * {@code rebuildProjection} answers when the rebuild is done: the container must not end the request first (its
     * default of 30 s did, with HTTP 503 and a warning in the log, while the rebuild went on).
     */
    @Test
    void theContainerWaitsForARebuildAsLongAsTheApplicationSays(
            @Autowired org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext context,
            @org.springframework.beans.factory.annotation.Value("${spring.mvc.async.request-timeout}") java.time.Duration timeout) {
        var tomcat = ((org.springframework.boot.web.embedded.tomcat.TomcatWebServer) context.getWebServer()).getTomcat();
        assertThat(timeout).isGreaterThanOrEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(tomcat.getConnector().getAsyncTimeout()).isEqualTo(timeout.toMillis());
    }

    @Test
    void anUnknownProjectionIsAClearError() {
        JsonNode r = graphql.execute("mutation { rebuildProjection(name: \"nope\") { projection } }", java.util.Map.of());
        assertThat(r.get("errors").get(0).get("message").asText()).contains("unknown projection 'nope'");
    }

    private boolean caughtUp(List<Document> docs) {
        // every aggregate's last event is reflected in its document
        return docs.stream().allMatch(d -> eventsOf(d.getString("_id")).size() - 1 == ((Number) d.get("lastSequence")).longValue());
    }

    private List<Document> documents() {
        return mongo.find(new Query().with(Sort.by("_id")), Document.class, ClientDocument.COLLECTION);
    }
}
