package org.deskfleet.query;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.deskfleet.query.group.GroupDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each event applied once per document, whatever is replayed or redelivered; what goes elsewhere is written first. */
class SequencedDocumentsTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    MongoServer server;
    MongoClient client;
    MongoTemplate mongo;
    SequencedDocuments<GroupDocument> groups;
    /** Commands the client has sent. */
    final java.util.concurrent.atomic.AtomicInteger commands = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = TestMongoTemplates.clientSeeing(address.getPort(), event -> commands.incrementAndGet());
        mongo = TestMongoTemplates.of(client, "test");
        groups = new SequencedDocuments<>(mongo, GroupDocument.class, id -> {
            GroupDocument d = new GroupDocument();
            d.groupId = id;
            return d;
        });
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    @Test
    void anEventIsAppliedOnceAndAnOlderOneChangesNothing() {
        List<String> written = new ArrayList<>();
        groups.update("g1", 0, T0, d -> d.createdAt = T0, d -> written.add("history 0"));
        groups.update("g1", 1, T0.plusSeconds(1), d -> d.deleted = true, d -> written.add("history 1"));
        // a redelivery of event 1 and a replay of event 0: neither changes the document nor writes elsewhere
        groups.update("g1", 1, T0.plusSeconds(9), d -> d.deleted = false, d -> written.add("again 1"));
        groups.update("g1", 0, T0.plusSeconds(9), d -> d.createdAt = null, d -> written.add("again 0"));

        GroupDocument d = mongo.findById("g1", GroupDocument.class);
        assertThat(d.lastSequence).isEqualTo(1);
        assertThat(d.updatedAt).isEqualTo(T0.plusSeconds(1));
        assertThat(d.createdAt).isEqualTo(T0);
        assertThat(d.deleted).isTrue();
        assertThat(written).containsExactly("history 0", "history 1");
        assertThat(groups.handled()).isEqualTo(2);
    }

    @Test
    void whatGoesElsewhereIsWrittenBeforeTheDocumentMarksTheEventApplied() {
        groups.update("g1", 0, T0, d -> d.createdAt = T0);
        groups.update("g1", 1, T0.plusSeconds(1), d -> d.deleted = true,
                d -> assertThat(mongo.findById("g1", GroupDocument.class).lastSequence).as("not yet saved").isZero());
        assertThat(mongo.findById("g1", GroupDocument.class).lastSequence).isEqualTo(1);
    }

    @Test
    void aResetDropsTheDocumentsAndTheCount() {
        groups.update("g1", 0, T0, d -> d.createdAt = T0);
        groups.reset();
        assertThat(mongo.findAll(GroupDocument.class)).isEmpty();
        assertThat(groups.handled()).isZero();
        groups.update("g1", 0, T0, d -> d.createdAt = T0);
        assertThat(mongo.findById("g1", GroupDocument.class).lastSequence).isZero();
    }

    @Test
    void inABatchEachDocumentIsReadOnceWithTheOthersAndWrittenAtTheEnd() {
        groups.update("g1", 0, T0, d -> d.createdAt = T0);
        SequencedDocuments<GroupDocument> batched = SequencedDocuments.batched(mongo, GroupDocument.class, GroupDocument.COLLECTION,
                d -> d.groupId, new ProjectionBatch.SubjectOf<>(String.class, id -> id), id -> {
                    GroupDocument d = new GroupDocument();
                    d.groupId = id;
                    return d;
                });
        List<org.axonframework.eventhandling.EventMessage<?>> events = List.of(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("g1"),
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("g2"),
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("g1"));
        ProjectionBatch batch = ProjectionBatch.open(events);
        commands.set(0);
        try {
            ProjectionBatch.Writes notes = ProjectionBatch.writes(mongo, "group_notes");
            batched.update("g1", 1, T0.plusSeconds(1), d -> d.deleted = true,
                    d -> notes.save("g1/1", new org.bson.Document("_id", "g1/1")));
            batched.update("g2", 0, T0.plusSeconds(2), d -> d.createdAt = T0.plusSeconds(2));
            // the batch reads its own writes: event 1 of g1 is not applied twice, event 2 sees it applied
            batched.update("g1", 1, T0.plusSeconds(9), d -> d.deleted = false);
            batched.update("g1", 2, T0.plusSeconds(3), d -> assertThat(d.deleted).isTrue());
            assertThat(commands.get()).as("one query for the batch's documents, nothing written yet").isEqualTo(1);
            assertThat(mongo.findById("g1", GroupDocument.class).lastSequence).isZero();
            assertThat(mongo.findById("g2", GroupDocument.class)).isNull();
            assertThat(mongo.getCollection("group_notes").countDocuments()).isZero();
            commands.set(0);
            batch.flush();
            assertThat(commands.get()).as("one bulk write per collection").isEqualTo(2);
        } finally {
            batch.close();
        }
        GroupDocument g1 = mongo.findById("g1", GroupDocument.class);
        assertThat(g1.lastSequence).isEqualTo(2);
        assertThat(g1.deleted).isTrue();
        assertThat(g1.createdAt).isEqualTo(T0);
        assertThat(g1.updatedAt).isEqualTo(T0.plusSeconds(3));
        assertThat(mongo.findById("g2", GroupDocument.class).createdAt).isEqualTo(T0.plusSeconds(2));
        assertThat(mongo.getCollection("group_notes").countDocuments()).isEqualTo(1);
        assertThat(batched.handled()).isEqualTo(3);

        // without a batch (a dead letter retried), the same documents read and written at once
        batched.update("g2", 1, T0.plusSeconds(4), d -> d.deleted = true);
        assertThat(mongo.findById("g2", GroupDocument.class).deleted).isTrue();
    }
}
