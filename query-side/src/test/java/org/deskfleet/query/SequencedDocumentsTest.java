package org.deskfleet.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
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
}
