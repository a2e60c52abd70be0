package org.deskfleet.query.history;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
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
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
     * The event's entries as a document of their own, then the client's newest sequence moved up to it ({@code $max}):
     * both writes are the same however often they are repeated (a replay, a batch repeated after a crash), and a
     * reader sees the event once the head points at it. Nothing is read first. Within a processor's batch both go
     * out at the batch's end ({@link ProjectionBatch}), every event document of the batch before any head.
     */
    private void append(String deviceId, long seq, Instant at, List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        ProjectionBatch.writes(mongo, ClientHistoryDocument.EVENTS).save(TrailEventDocument.id(deviceId, seq),
                TrailEventCodec.raw(deviceId, seq, at, entries));
        ProjectionBatch.writes(mongo, ClientHistoryDocument.COLLECTION).upsert(deviceId, new Update().max("lastSequence", seq));
        handled.incrementAndGet();
    }
}
