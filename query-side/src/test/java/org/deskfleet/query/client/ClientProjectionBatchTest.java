package org.deskfleet.query.client;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientQuarantined;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
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
 * The client projection's writes held for the batch's end ({@link ProjectionBatch}), over the MongoDB wire protocol:
 * a batch reads its phones with one query and writes them with one bulk write, nothing reaches the store before the
 * flush, each handler sees what the batch's earlier events did, and the documents are those the same events write
 * one at a time, also when the batch is handled again over a store holding all or part of it (a crash between the
 * writes and the position).
 */
class ClientProjectionBatchTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    MongoServer server;
    MongoClient client;
    MongoTemplate mongo;
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    final List<org.bson.BsonDocument> commandDocuments = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = org.deskfleet.query.TestMongoTemplates.clientSeeing(address.getPort(), event -> {
            commands.add(event.getCommandName() + " " + event.getCommand().get(event.getCommandName()).asString().getValue());
            commandDocuments.add(event.getCommand().clone());
        });
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private static String mac(int i) {
        return String.format("00:1a:e8:00:00:%02x", i);
    }

    /** Phones registered, reporting items (twice, one removed), one deleted, one quarantined then approved. */
    static List<Object> events() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String mac = mac(i);
            out.add(new ClientRegistered(mac, new ClientIdentity("49" + i, "OpenStage 60", "Siemens SIP", "V3", null, "10.0.0." + i),
                    ContactReason.START_UP, ChangeSource.PHONE, T0));
            out.add(new ClientItemsReported(mac, List.of(new ItemChange("a", null, null, "1", null, false),
                    new ItemChange("b", 2, null, "x", null, false)), true, ContactReason.START_UP, ChangeSource.PHONE, T0.plusSeconds(1)));
        }
        out.add(new ClientItemsReported(mac(1), List.of(new ItemChange("a", null, "1", "2", null, false),
                new ItemChange("b", 2, "x", null, null, false)), false, ContactReason.LOCAL_CHANGES, ChangeSource.PHONE, T0.plusSeconds(2)));
        out.add(new ClientAccessModeChanged(mac(2), AccessMode.DIRECT, AccessMode.values()[AccessMode.values().length - 1], T0.plusSeconds(3)));
        out.add(new ClientDeleted(mac(3), "alice", T0.plusSeconds(4)));
        ClientIdentity q = new ClientIdentity("4999", "OpenStage 40", "Siemens SIP", "V3", null, "10.0.0.9");
        out.add(new ClientQuarantined(mac(9), q, ContactReason.START_UP, ChangeSource.PHONE, T0));
        out.add(new ClientApproved(mac(9), q, "bob", null, T0.plusSeconds(5)));
        return out;
    }

    /** Each phone's events numbered from 0, as the aggregate numbers them. */
    static List<Long> sequences(List<Object> events) {
        java.util.Map<String, Long> next = new java.util.HashMap<>();
        List<Long> out = new ArrayList<>();
        for (Object e : events) {
            String id = ((org.deskfleet.kernel.client.ClientEvent) e).deviceId();
            long s = next.getOrDefault(id, 0L);
            next.put(id, s + 1);
            out.add(s);
        }
        return out;
    }

    private void handle(MongoTemplate target, List<Object> events, List<Long> seqs, int from, int to) {
        ClientProjection clients = new ClientProjection(target);
        QuarantineProjection quarantine = new QuarantineProjection(target);
        for (int i = from; i < to; i++) {
            long seq = seqs.get(i);
            switch (events.get(i)) {
                case ClientRegistered e -> clients.on(e, seq);
                case ClientItemsReported e -> clients.on(e, seq);
                case ClientAccessModeChanged e -> clients.on(e, seq);
                case ClientDeleted e -> {
                    clients.on(e, seq);
                    quarantine.on(e, seq);
                }
                case ClientQuarantined e -> quarantine.on(e, seq);
                case ClientApproved e -> quarantine.on(e, seq);
                default -> throw new IllegalArgumentException(events.get(i).toString());
            }
        }
    }

    private void handleInBatch(MongoTemplate target, List<Object> events, List<Long> seqs, int from, int to) {
        List<EventMessage<?>> messages = events.subList(from, to).stream()
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        ProjectionBatch batch = ProjectionBatch.open(messages);
        try {
            handle(target, events, seqs, from, to);
            batch.flush();
        } finally {
            batch.close();
        }
    }

    private static List<Document> all(MongoTemplate m, String collection) {
        return m.find(new Query().with(Sort.by("_id")), Document.class, collection);
    }

    private List<Document> oneByOne(List<Object> events, List<Long> seqs) {
        MongoTemplate reference = org.deskfleet.query.TestMongoTemplates.of(client, "reference");
        handle(reference, events, seqs, 0, events.size());
        return all(reference, "clients");
    }

    /**
     * A batch finds the phones it reads from the events that name one; the other events in it (a job's results, say)
     * are not decoded for that: each event is decoded once, by a handler that takes it, if any.
     */
    @Test
    void otherEventsOfABatchAreNotDecodedToFindItsPhones() {
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "mixed");
        List<Object> events = events().subList(0, 4);
        List<Long> seqs = sequences(events);
        java.util.concurrent.atomic.AtomicInteger decoded = new java.util.concurrent.atomic.AtomicInteger();
        List<EventMessage<?>> messages = new ArrayList<>(events.stream().<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList());
        messages.add(1, new GenericEventMessage<>("a job's result") {
            @Override
            public String getPayload() {
                decoded.incrementAndGet();
                return super.getPayload();
            }
        });
        commands.clear();
        ProjectionBatch batch = ProjectionBatch.open(messages);
        try {
            handle(mongo, events, seqs, 0, events.size());
            batch.flush();
        } finally {
            batch.close();
        }
        assertThat(decoded).as("decoded to find the batch's phones").hasValue(0);
        assertThat(commands).as("both phones read by the one query").containsOnlyOnce("find clients");
        assertThat(all(mongo, "clients")).extracting(d -> d.getString("_id")).containsExactly(mac(0), mac(1));
    }

    @Test
    void aBatchReadsItsPhonesOnceAndWritesThemInOneBulkWriteAtTheEnd() {
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "batched");
        List<Object> events = events();
        List<Long> seqs = sequences(events);
        List<EventMessage<?>> messages = events.stream().<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();

        commands.clear();
        ProjectionBatch batch = ProjectionBatch.open(messages);
        try {
            handle(mongo, events, seqs, 0, events.size());
            assertThat(commands).as("only reads before the flush").allMatch(c -> c.startsWith("find "));
            assertThat(commands).as("every phone of the batch read by one query").containsExactly("find clients", "find quarantined_clients");
            batch.flush();
        } finally {
            batch.close();
        }
        // one ordered bulk write per collection, in first-written order; phones the batch found absent are inserted
        // whole (the one deleted in the same batch is not written at all); the quarantined phone was approved in the
        // batch: only its removal is left
        assertThat(commands.subList(2, commands.size())).as("the flush")
                .containsExactly("insert clients", "delete quarantined_clients");

        List<Document> expected = oneByOne(events, seqs);
        assertThat(all(mongo, "clients")).isEqualTo(expected);
        assertThat(all(mongo, "quarantined_clients")).isEmpty();
        Document one = expected.stream().filter(d -> d.get("_id").equals(mac(1))).findFirst().orElseThrow();
        assertThat(one.getList("items", Document.class)).extracting(d -> d.get("name") + "=" + d.get("value")).containsExactly("a=2");
        assertThat(expected).extracting(d -> d.get("_id")).doesNotContain(mac(3)).contains(mac(9));
    }

    /** A phone the store holds is updated by a $set of what changed, not rewritten with its items. */
    @Test
    void aKnownPhoneIsUpdatedByTheFieldsThatChangedOnly() {
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "partial");
        List<Object> events = events();
        List<Long> seqs = sequences(events);
        handleInBatch(mongo, events, seqs, 0, 10);
        List<Object> more = new ArrayList<>(events.subList(0, 10));
        more.add(new ClientAccessModeChanged(mac(2), AccessMode.DIRECT, AccessMode.values()[AccessMode.values().length - 1], T0.plusSeconds(3)));
        more.add(new ClientDeleted(mac(3), "alice", T0.plusSeconds(4)));
        List<Long> moreSeqs = sequences(more);
        commandDocuments.clear();
        handleInBatch(mongo, more, moreSeqs, 0, more.size());
        List<org.bson.BsonDocument> writes = commandDocuments.stream().filter(c -> !c.containsKey("find"))
                .filter(c -> c.containsValue(new org.bson.BsonString("clients"))).toList();
        assertThat(writes).hasSize(2);
        org.bson.BsonDocument update = writes.get(0).getArray("updates").get(0).asDocument();
        assertThat(update.getDocument("u").keySet()).containsExactly("$set");
        assertThat(update.getDocument("u").getDocument("$set").keySet())
                .containsExactlyInAnyOrder("accessMode", "lastSequence", "updatedAt");
        assertThat(writes.get(1).containsKey("delete")).isTrue();

        MongoTemplate reference = org.deskfleet.query.TestMongoTemplates.of(client, "partial-reference");
        handle(reference, more, moreSeqs, 0, more.size());
        assertThat(all(mongo, "clients")).isEqualTo(all(reference, "clients"));
        assertThat(all(mongo, "clients")).extracting(d -> d.get("_id")).doesNotContain(mac(3));
    }

    /** What the projection writes by hand reads back through Spring Data's mapping as the document it wrote. */
    @Test
    void theDocumentsReadBackThroughTheMapping() {
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "mapping");
        List<Object> events = events();
        handleInBatch(mongo, events, sequences(events), 0, events.size());
        ClientDocument one = mongo.findById(mac(1), ClientDocument.class, "clients");
        assertThat(one.e164).isEqualTo("491");
        assertThat(one.registeredAt).isEqualTo(T0);
        assertThat(one.updatedAt).isEqualTo(T0.plusSeconds(2));
        assertThat(one.inventoryComplete).isTrue();
        assertThat(one.lastSequence).isEqualTo(2);
        assertThat(one.items).extracting(i -> i.name + "/" + i.index + "=" + i.value).containsExactly("a/null=2");
        Document raw = mongo.findById(mac(1), Document.class, "clients");
        Document mapped = new Document();
        mongo.getConverter().write(one, mapped);
        assertThat(raw).isEqualTo(mapped);
    }

    @Test
    void aBatchRolledBackWritesNothing() {
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "batched");
        List<Object> events = events();
        List<EventMessage<?>> messages = events.stream().<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        ProjectionBatch batch = ProjectionBatch.open(messages);
        handle(mongo, events, sequences(events), 0, events.size());
        batch.close();
        assertThat(ProjectionBatch.current()).isNull();
        assertThat(all(mongo, "clients")).isEmpty();
    }

    /**
     * A crash after some or all of a batch's writes and before its position: the batch is handled again from the
     * position before it, over whatever was kept. Every prefix of the events written, then the batch again.
     */
    @Test
    void aBatchHandledAgainOverWhatACrashKeptEndsTheSame() {
        List<Object> events = events();
        List<Long> seqs = sequences(events);
        List<Document> expected = oneByOne(events, seqs);
        for (int kept = 0; kept <= events.size(); kept++) {
            mongo = org.deskfleet.query.TestMongoTemplates.of(client, "crash" + kept);
            handleInBatch(mongo, events, seqs, 0, kept);
            handleInBatch(mongo, events, seqs, 0, events.size());
            assertThat(all(mongo, "clients")).as("kept %d", kept).isEqualTo(expected);
        }
        // batches of three in a row, as a processor cuts them
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "threes");
        for (int i = 0; i < events.size(); i += 3) {
            handleInBatch(mongo, events, seqs, i, Math.min(events.size(), i + 3));
        }
        assertThat(all(mongo, "clients")).isEqualTo(expected);
    }
}
