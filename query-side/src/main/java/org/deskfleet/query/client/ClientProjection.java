package org.deskfleet.query.client;

import org.deskfleet.kernel.ItemKeys;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.query.ProjectionBatch;
import org.deskfleet.kernel.secret.SecretValues;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientEnteredSecureMode;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.ClientRegistered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds {@link ClientDocument}s, one handler per event. Each handler reads the phone's document, applies its event
 * unless the document already holds it (its {@code lastSequence}), and writes it: within a processor's batch through
 * the batch ({@link ProjectionBatch}), so a replay reads and writes each phone once per batch (a new phone inserted
 * whole, a known one by a {@code $set} of the fields that changed). Converted by hand ({@link ClientDocumentCodec}),
 * not by Spring Data's mapping.
 */
@Component
@ProcessingGroup(ClientProjection.NAME)
public class ClientProjection {

    public static final String NAME = "client-projection";

    private final MongoTemplate mongo;
    private final AtomicLong handled = new AtomicLong();

    public ClientProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ClientRegistered e, @SequenceNumber long seq) {
        if (registered(documents(), e.deviceId(), e.identity(), e.at(), seq)) {
            handled.incrementAndGet();
        }
    }

    /**
     * A phone becomes a client, as of {@code at}: by its first start-up, or by its approval out of the quarantine
     * ({@link QuarantineProjection}). False when the document already holds the event.
     */
    static boolean registered(ProjectionBatch.Documents<ClientDocument> documents, String deviceId, ClientIdentity id,
                              Instant at, long seq) {
        ClientDocument d = newer(documents, deviceId, seq);
        if (d == null) {
            return false;
        }
        identity(d, id);
        d.registeredAt = at;
        d.lastSequence = seq;
        d.updatedAt = at;
        documents.save(d);
        return true;
    }

    @EventHandler
    void on(ClientIdentityChanged e, @SequenceNumber long seq) {
        ClientDocument d = newer(e.deviceId(), seq);
        if (d != null) {
            identity(d, e.identity());
            save(d, seq, e.at());
        }
    }

    @EventHandler
    void on(ClientItemsReported e, @SequenceNumber long seq) {
        ClientDocument d = newer(e.deviceId(), seq);
        if (d == null) {
            return;
        }
        Map<String, ClientDocument.Item> items = new LinkedHashMap<>((d.items.size() + e.changes().size()) * 4 / 3 + 1);
        for (ClientDocument.Item i : d.items) {
            items.put(ItemKeys.key(i.name, i.index), i);
        }
        for (ItemChange c : e.changes()) {
            if (c.removed()) {
                items.remove(c.key());
            } else {
                // A secret's value is never kept; its sealed form only, to compare with the desired one.
                items.put(c.key(), new ClientDocument.Item(c.name(), c.index(), c.secret() ? null : c.newValue(),
                        c.status(), c.secret(), c.secret() && SecretValues.isSealed(c.newValue()) ? c.newValue() : null));
            }
        }
        List<ClientDocument.Item> sorted = new java.util.ArrayList<>(items.values());
        sorted.sort(ITEM_ORDER);
        d.items = sorted;
        d.inventoryComplete = d.inventoryComplete || e.complete();
        save(d, seq, e.at());
    }

    @EventHandler
    void on(ClientEnteredSecureMode e, @SequenceNumber long seq) {
        ClientDocument d = newer(e.deviceId(), seq);
        if (d != null) {
            d.secureMode = true;
            save(d, seq, e.at());
        }
    }

    @EventHandler
    void on(ClientConfigurationChanged e, @SequenceNumber long seq) {
        ClientDocument d = newer(e.deviceId(), seq);
        if (d == null) {
            return;
        }
        Map<String, ClientDocument.Desired> desired = new java.util.TreeMap<>();
        d.desired.forEach(x -> desired.put(ItemKeys.key(x.parameter, x.index), x));
        for (ParameterChange c : e.changes()) {
            if (c.newValue() == null) {
                desired.remove(ItemKeys.key(c.parameter(), c.index()));
            } else {
                ClientDocument.Desired x = new ClientDocument.Desired();
                x.parameter = c.parameter();
                x.index = c.index();
                x.value = c.secret() ? null : c.newValue();
                x.secret = c.secret();
                x.fingerprint = c.secret() ? c.fingerprint() : null;
                x.source = e.source().name();
                x.actor = e.actor();
                x.changedAt = e.at();
                desired.put(ItemKeys.key(c.parameter(), c.index()), x);
            }
        }
        d.desired = List.copyOf(desired.values());
        save(d, seq, e.at());
    }

    @EventHandler
    void on(ClientAccessModeChanged e, @SequenceNumber long seq) {
        ClientDocument d = newer(e.deviceId(), seq);
        if (d != null) {
            d.accessMode = e.after().name();
            save(d, seq, e.at());
        }
    }

    /** Gone from the list (OSEM 4.5.9); a replay recreates and removes it again, ending the same. */
    @EventHandler
    void on(org.deskfleet.kernel.client.ClientDeleted e, @SequenceNumber long seq) {
        ClientDocument d = documents().find(e.deviceId());
        if (d != null && d.lastSequence < seq) {
            documents().remove(e.deviceId());
            handled.incrementAndGet();
        }
    }

    @ResetHandler
    void reset() {
        // the secondary indexes are built over the shadow once the replay has caught up (ReadModelIndexes)
        mongo.dropCollection(ClientDocument.class);
        handled.set(0);
    }

    /** Events handled since start or the last reset. */
    public long handled() {
        return handled.get();
    }

    /**
     * The phone's documents, read and written whole: within a batch of events from the batch's own (its pending
     * writes included), read for all the batch's phones at once and written once at the batch's end.
     */
    ProjectionBatch.Documents<ClientDocument> documents() {
        return documents(mongo);
    }

    static ProjectionBatch.Documents<ClientDocument> documents(MongoTemplate mongo) {
        return ProjectionBatch.documents(mongo, ClientDocument.COLLECTION, ClientDocumentCodec.INSTANCE, CLIENT_OF);
    }

    static final ProjectionBatch.SubjectOf<ClientEvent> CLIENT_OF = new ProjectionBatch.SubjectOf<>(ClientEvent.class,
            ClientEvent::deviceId);

    /**
     * The phone's document to apply the event at {@code seq} to (a new one for a phone not seen yet), or
     * {@code null} when the document already holds it (a replay, a batch repeated after a crash).
     */
    private ClientDocument newer(String deviceId, long seq) {
        return newer(documents(), deviceId, seq);
    }

    private static ClientDocument newer(ProjectionBatch.Documents<ClientDocument> documents, String deviceId, long seq) {
        ClientDocument d = documents.find(deviceId);
        if (d == null) {
            d = new ClientDocument();
            d.deviceId = deviceId;
        }
        return d.lastSequence >= seq ? null : d;
    }

    private void save(ClientDocument d, long seq, Instant at) {
        d.lastSequence = seq;
        d.updatedAt = at;
        documents().save(d);
        handled.incrementAndGet();
    }

    /** A missing value is an absent field, not a null. */
    private static void identity(ClientDocument d, ClientIdentity id) {
        d.e164 = id.e164();
        d.deviceType = id.deviceType();
        d.softwareType = id.softwareType();
        d.softwareVersion = id.softwareVersion();
        d.contactMeUri = id.contactMeUri();
        d.ipAddress = id.ipAddress();
    }

    /** By name, then index (none first). */
    private static final Comparator<ClientDocument.Item> ITEM_ORDER = (a, b) -> {
        int c = a.name.compareTo(b.name);
        return c != 0 ? c : Integer.compare(a.index == null ? -1 : a.index, b.index == null ? -1 : b.index);
    };

}
