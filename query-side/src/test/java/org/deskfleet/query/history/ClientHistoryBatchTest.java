package org.deskfleet.query.history;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.query.ProjectionBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail's writes held for the batch's end ({@link ProjectionBatch}): nothing before the flush, then every
 * event document of the batch before any head (a reader never follows a head to a missing event), each collection
 * in one round trip; the documents are those written one event at a time, and a batch handled again (a crash between
 * the writes and the position) changes nothing.
 */
class ClientHistoryBatchTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    MongoServer server;
    MongoClient client;
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = org.deskfleet.query.TestMongoTemplates.clientSeeing(address.getPort(), event ->
                commands.add(event.getCommandName() + " " + event.getCommand().get(event.getCommandName()).asString().getValue()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    static List<ClientConfigurationChanged> events() {
        List<ClientConfigurationChanged> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            out.add(new ClientConfigurationChanged("00:1a:e8:00:00:0" + i % 3, List.of(new ParameterChange("p", null,
                    null, "v" + i, false)), ChangeSource.ADMIN, "alice", "r" + i, null, T0.plusSeconds(i)));
        }
        return out;
    }

    private static void handle(ClientHistoryProjection projection, List<ClientConfigurationChanged> events) {
        for (int i = 0; i < events.size(); i++) {
            projection.on(events.get(i), i / 3);
        }
    }

    private static List<Document> all(MongoTemplate m, String collection) {
        return m.find(new Query().with(Sort.by("_id")), Document.class, collection);
    }

    @Test
    void eventDocumentsGoOutBeforeTheirHeadsInOneBulkWriteEachAtTheBatchEnd() {
        List<ClientConfigurationChanged> events = events();
        MongoTemplate reference = org.deskfleet.query.TestMongoTemplates.of(client, "reference");
        handle(new ClientHistoryProjection(reference), events);

        MongoTemplate mongo = org.deskfleet.query.TestMongoTemplates.of(client, "batched");
        ClientHistoryProjection projection = new ClientHistoryProjection(mongo);
        List<EventMessage<?>> messages = events.stream().<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        for (int round = 0; round < 2; round++) {
            commands.clear();
            ProjectionBatch batch = ProjectionBatch.open(messages);
            try {
                handle(projection, events);
                assertThat(commands).as("nothing before the flush").isEmpty();
                batch.flush();
            } finally {
                batch.close();
            }
            assertThat(commands).as("round %d", round)
                    .containsExactly("update client_history_events", "update client_history_heads");
            for (String c : List.of(ClientHistoryDocument.EVENTS, ClientHistoryDocument.COLLECTION)) {
                assertThat(all(mongo, c)).as("%s, round %d", c, round).isEqualTo(all(reference, c)).isNotEmpty();
            }
        }
        assertThat(mongo.findById("00:1a:e8:00:00:01", Document.class, ClientHistoryDocument.COLLECTION).get("lastSequence"))
                .isEqualTo(9L);
    }
}
