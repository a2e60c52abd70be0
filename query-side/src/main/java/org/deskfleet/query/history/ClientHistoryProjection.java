package org.deskfleet.query.history;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.bson.Document;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.history.HistoryEntry.Kind;
import org.deskfleet.query.ReadModels;
import org.deskfleet.query.ProjectionBatch;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail: every change of every value of every client, with who, why and when. Its own processor,
 * so it can be rebuilt independently of the client list; one document per event, so a trail never outgrows a
 * document, and writing an event again writes the same.
 */
@Component
@ProcessingGroup(ClientHistoryProjection.NAME)
public class ClientHistoryProjection {

    public static final String NAME = "history-projection";
    private static final String PHONE = "phone";

    private final MongoTemplate mongo;
    private final AtomicLong handled = new AtomicLong();

    public ClientHistoryProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ClientRegistered e, @SequenceNumber long seq) {
        List<HistoryEntry> entries = new ArrayList<>();
        ClientIdentity id = e.identity();
        identity(entries, seq, e.at(), "e164", id.e164());
        identity(entries, seq, e.at(), "device-type", id.deviceType());
        identity(entries, seq, e.at(), "software-type", id.softwareType());
        identity(entries, seq, e.at(), "software-version", id.softwareVersion());
        identity(entries, seq, e.at(), "contact-me-uri", id.contactMeUri());
        identity(entries, seq, e.at(), "ip-address", id.ipAddress());
        append(e.deviceId(), seq, e.at(), entries);
    }

    /** What it claimed, as a start-up would show it, and that it was quarantined. */
    @EventHandler
    void on(org.deskfleet.kernel.client.ClientQuarantined e, @SequenceNumber long seq) {
        List<HistoryEntry> entries = new ArrayList<>();
        ClientIdentity id = e.identity();
        identity(entries, seq, e.at(), "e164", id.e164());
        identity(entries, seq, e.at(), "device-type", id.deviceType());
        identity(entries, seq, e.at(), "software-type", id.softwareType());
        identity(entries, seq, e.at(), "software-version", id.softwareVersion());
        identity(entries, seq, e.at(), "contact-me-uri", id.contactMeUri());
        identity(entries, seq, e.at(), "ip-address", id.ipAddress());
        entries.add(new HistoryEntry(seq, e.at(), Kind.ADMISSION, "quarantined", null, null, "true", false,
                e.source(), PHONE, e.reason().name(), null));
        append(e.deviceId(), seq, e.at(), entries);
    }

    @EventHandler
    void on(org.deskfleet.kernel.client.ClientApproved e, @SequenceNumber long seq) {
        append(e.deviceId(), seq, e.at(), List.of(new HistoryEntry(seq, e.at(), Kind.ADMISSION, "quarantined", null, "true",
                "false", false, ChangeSource.ADMIN, e.actor(), e.reason() == null ? "approved" : e.reason(), null)));
    }

    @EventHandler
    void on(ClientIdentityChanged e, @SequenceNumber long seq) {
        append(e.deviceId(), seq, e.at(), items(seq, e.at(), e.changes(), e.source(), e.reason().name()));
    }

    @EventHandler
    void on(ClientItemsReported e, @SequenceNumber long seq) {
        append(e.deviceId(), seq, e.at(), items(seq, e.at(), e.changes(), e.source(), e.reason().name()));
    }

    @EventHandler
    void on(ClientConfigurationChanged e, @SequenceNumber long seq) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (ParameterChange c : e.changes()) {
            entries.add(new HistoryEntry(seq, e.at(), Kind.PARAMETER, c.parameter(), c.index(),
                    c.secret() ? null : c.oldValue(), c.secret() ? null : c.newValue(), c.secret(), e.source(),
                    e.actor(), e.reason(), e.correlationId()));
        }
        append(e.deviceId(), seq, e.at(), entries);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(ClientHistoryDocument.class);
        mongo.dropCollection(ReadModels.name(ClientHistoryDocument.EVENTS));
        mongo.dropCollection(ReadModels.name(ClientHistoryDocument.BY_NAME));
        mongo.dropCollection(ClientHistoryDocument.LEGACY);
        handled.set(0);
    }

    public long handled() {
        return handled.get();
    }

    private static void identity(List<HistoryEntry> out, long seq, Instant at, String name, String value) {
        if (value != null) {
            out.add(new HistoryEntry(seq, at, Kind.ITEM, name, null, null, value, false, ChangeSource.PHONE, PHONE,
                    "START_UP", null));
        }
    }

    private static List<HistoryEntry> items(long seq, Instant at, List<ItemChange> changes, ChangeSource source, String why) {
        return changes.stream().map(c -> new HistoryEntry(seq, at, Kind.ITEM, c.name(), c.index(),
                c.secret() ? null : c.oldValue(), c.secret() ? null : c.newValue(), c.secret(), source, PHONE, why, null))
                .toList();
    }

    /**
     * The event's entries as a document of their own, the entries of each name in it as a document of the trail by
     * name, and the client's head moved to the event (its newest sequence, the count of each name's documents). The
     * head is the guard: an event at or below its sequence is already written (a replay, a batch repeated after a
     * crash) and writes nothing. Within a processor's batch everything goes out at the batch's end
     * ({@link ProjectionBatch}): the event documents, then the documents by name, then the heads that point at both,
     * so a reader never follows a head to a missing document; documents a crash left written before their head are
     * written again the same (the inserts leave them).
     */
    private void append(String deviceId, long seq, Instant at, List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        handled.incrementAndGet();
        // Asked for in the order they are to be flushed (a batch flushes collections in the order first asked).
        ProjectionBatch.Inserts events = ProjectionBatch.inserts(mongo, ClientHistoryDocument.EVENTS);
        ProjectionBatch.Inserts byName = ProjectionBatch.inserts(mongo, ClientHistoryDocument.BY_NAME);
        ProjectionBatch.Documents<Document> heads = heads(mongo);
        Document head = heads.find(deviceId);
        if (head != null && head.get("lastSequence") instanceof Number last && last.longValue() >= seq) {
            return;
        }
        events.insert(TrailEventDocument.bson(deviceId, seq, at, entries));
        @SuppressWarnings("unchecked")
        List<Document> names = head == null || !(head.get("names") instanceof List<?>) ? new ArrayList<>()
                : new ArrayList<>((List<Document>) head.get("names"));
        Map<String, Integer> slot = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            slot.put(names.get(i).getString("name"), i);
        }
        Map<String, List<Integer>> byPosition = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name() != null) {
                byPosition.computeIfAbsent(entries.get(i).name(), n -> new ArrayList<>(1)).add(i);
            }
        }
        byPosition.forEach((name, positions) -> {
            Integer at0 = slot.get(name);
            long n = at0 == null ? 0 : ((Number) names.get(at0).get("count")).longValue();
            List<HistoryEntry> own = new ArrayList<>(positions.size());
            for (int p : positions) {
                own.add(entries.get(p));
            }
            byName.insert(TrailNameDocument.bson(deviceId, name, n, seq, at, own, positions));
            Document count = new Document("name", name).append("count", n + 1);
            if (at0 == null) {
                slot.put(name, names.size());
                names.add(count);
            } else {
                names.set(at0, count);
            }
        });
        heads.save(new Document("_id", deviceId).append("lastSequence", seq).append("names", names));
    }

    /** The clients' heads as BSON, read and written whole (through the batch, whose events name the clients). */
    static ProjectionBatch.Documents<Document> heads(MongoTemplate mongo) {
        return ProjectionBatch.documents(mongo, Document.class, ClientHistoryDocument.COLLECTION, d -> d.getString("_id"),
                p -> p instanceof ClientEvent e ? e.deviceId() : null);
    }
}
