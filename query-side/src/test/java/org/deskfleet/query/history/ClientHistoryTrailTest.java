package org.deskfleet.query.history;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.history.ConfigurationValue;
import org.deskfleet.kernel.history.FindConfigurationAt;
import org.deskfleet.kernel.history.FindHistory;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.query.template.TemplateQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail as one document per event, over the MongoDB wire protocol: pages across many events read the
 * newest first and agree with the whole trail, configuration-at-T folds all of it, and handling the same events
 * again (a replay, a batch repeated after a crash) leaves every document as it was.
 */
class ClientHistoryTrailTest {

    static final String DEVICE = "00:1a:e8:00:00:01";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    MongoServer server;
    MongoClient client;
    MongoTemplate mongo;
    ClientHistoryProjection projection;
    ClientHistoryQueries queries;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "test");
        projection = new ClientHistoryProjection(mongo);
        queries = new ClientHistoryQueries(mongo, new TemplateQueries(mongo), org.deskfleet.kernel.catalog.ParameterCatalog.bundled());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    /** Event {@code i} changes parameter a (even) or b (odd) from value i-2 to i, at T0 + i seconds. */
    private static ClientConfigurationChanged change(int i) {
        String parameter = i % 2 == 0 ? "a" : "b";
        return new ClientConfigurationChanged(DEVICE, List.of(new ParameterChange(parameter, null,
                i < 2 ? null : "v" + (i - 2), "v" + i, false)), ChangeSource.ADMIN, "alice", "r" + i, null, T0.plusSeconds(i));
    }

    @Test
    void pagesOfALongTrailComeFromItsNewestEventsAndAgreeWithTheWholeTrail() {
        int events = 3 * Trails.PAGE + 17;
        for (int i = 0; i < events; i++) {
            projection.on(change(i), i);
        }
        assertThat(mongo.getCollection(ClientHistoryDocument.EVENTS).countDocuments()).isEqualTo(events);

        List<HistoryEntry> newest = queries.handle(new FindHistory(DEVICE, null, null, null, 5, 0));
        assertThat(newest).extracting(HistoryEntry::sequence).containsExactly(
                (long) events - 1, events - 2L, events - 3L, events - 4L, events - 5L);

        // One parameter, a page deep in the trail (beyond the first page of sequence numbers read).
        List<HistoryEntry> page = queries.handle(new FindHistory(DEVICE, "a", null, null, 10, 200));
        List<Long> expected = new java.util.ArrayList<>();
        for (long s = events - 1; s >= 0; s--) {
            if (s % 2 == 0) {
                expected.add(s);
            }
        }
        assertThat(page).extracting(HistoryEntry::sequence).containsExactlyElementsOf(expected.subList(200, 210));
        assertThat(page).allMatch(e -> e.name().equals("a") && e.newValue().equals("v" + e.sequence()));

        // A time window stops the reading at its start.
        List<HistoryEntry> window = queries.handle(new FindHistory(DEVICE, null, T0.plusSeconds(100), T0.plusSeconds(109), 100, 0));
        assertThat(window).extracting(HistoryEntry::sequence).containsExactly(109L, 108L, 107L, 106L, 105L, 104L, 103L, 102L, 101L, 100L);

        // Configuration at a time folds the whole trail up to it.
        List<ConfigurationValue> at = queries.handle(new FindConfigurationAt(DEVICE, T0.plusSeconds(301)));
        assertThat(at).extracting(ConfigurationValue::name, ConfigurationValue::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "v300"), org.assertj.core.groups.Tuple.tuple("b", "v301"));
    }

    @Test
    void handlingTheSameEventsAgainChangesNoDocument() {
        for (int i = 0; i < 40; i++) {
            projection.on(change(i), i);
        }
        List<Document> heads = all(ClientHistoryDocument.COLLECTION);
        List<Document> trail = all(ClientHistoryDocument.EVENTS);
        // A crash after some of a batch's writes: the batch is handled again from its start, in order.
        for (int i = 25; i < 40; i++) {
            projection.on(change(i), i);
        }
        assertThat(all(ClientHistoryDocument.COLLECTION)).isEqualTo(heads);
        assertThat(all(ClientHistoryDocument.EVENTS)).isEqualTo(trail);
        assertThat(queries.handle(new FindHistory(DEVICE, null, null, null, 1000, 0))).hasSize(40);
    }

    private List<Document> all(String collection) {
        return mongo.find(new Query().with(Sort.by("_id")), Document.class, collection);
    }
}
