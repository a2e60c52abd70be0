package org.deskfleet.query.client;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.query.SequenceGuard;
import org.deskfleet.kernel.secret.SecretValues;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientEnteredSecureMode;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds {@link ClientDocument}s, one handler per event. */
@Component
@ProcessingGroup(ClientProjection.NAME)
public class ClientProjection {

    public static final String NAME = "client-projection";

    private final MongoTemplate mongo;
    private final ClientIndexes indexes;
    private final AtomicLong handled = new AtomicLong();

    public ClientProjection(MongoTemplate mongo, ClientIndexes indexes) {
        this.mongo = mongo;
        this.indexes = indexes;
    }

    @EventHandler
    void on(ClientRegistered e, @SequenceNumber long seq) {
        Update u = identity(e.identity()).set("registeredAt", e.at())
                .setOnInsert("accessMode", "DIRECT").setOnInsert("inventoryComplete", false)
                .setOnInsert("secureMode", false).setOnInsert("items", List.of()).setOnInsert("desired", List.of());
        set(e.deviceId(), seq, e.at(), u);
    }

    @EventHandler
    void on(ClientIdentityChanged e, @SequenceNumber long seq) {
        set(e.deviceId(), seq, e.at(), identity(e.identity()));
    }

    @EventHandler
    void on(ClientItemsReported e, @SequenceNumber long seq) {
        ClientDocument d = load(e.deviceId());
        if (d.lastSequence >= seq) {
            return;
        }
        Map<String, ClientDocument.Item> items = new LinkedHashMap<>();
        for (ClientDocument.Item i : d.items) {
            items.put(key(i.name, i.index), i);
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
        d.items = items.values().stream()
                .sorted(Comparator.comparing((ClientDocument.Item i) -> i.name)
                        .thenComparing(i -> i.index == null ? -1 : i.index))
                .toList();
        d.inventoryComplete = d.inventoryComplete || e.complete();
        save(d, seq, e.at());
    }

    @EventHandler
    void on(ClientEnteredSecureMode e, @SequenceNumber long seq) {
        set(e.deviceId(), seq, e.at(), new Update().set("secureMode", true));
    }

    @EventHandler
    void on(ClientConfigurationChanged e, @SequenceNumber long seq) {
        ClientDocument d = load(e.deviceId());
        if (d.lastSequence >= seq) {
            return;
        }
        Map<String, ClientDocument.Desired> desired = new java.util.TreeMap<>();
        d.desired.forEach(x -> desired.put(key(x.parameter, x.index), x));
        for (ParameterChange c : e.changes()) {
            if (c.newValue() == null) {
                desired.remove(key(c.parameter(), c.index()));
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
                desired.put(key(c.parameter(), c.index()), x);
            }
        }
        d.desired = List.copyOf(desired.values());
        save(d, seq, e.at());
    }

    @EventHandler
    void on(ClientAccessModeChanged e, @SequenceNumber long seq) {
        set(e.deviceId(), seq, e.at(), new Update().set("accessMode", e.after().name()));
    }

    /** Gone from the list (OSEM 4.5.9); a replay recreates and removes it again, ending the same. */
    @EventHandler
    void on(org.deskfleet.kernel.client.ClientDeleted e, @SequenceNumber long seq) {
        ClientDocument d = mongo.findById(e.deviceId(), ClientDocument.class);
        if (d != null && d.lastSequence < seq) {
            mongo.remove(d);
            handled.incrementAndGet();
        }
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(ClientDocument.class);
        // declared before the replay writes, so they are kept up as it goes (not built over every phone at the end)
        indexes.ensure(mongo.getCollectionName(ClientDocument.class));
        handled.set(0);
    }

    /** Events handled since start or the last reset. */
    public long handled() {
        return handled.get();
    }

    private ClientDocument load(String deviceId) {
        ClientDocument d = mongo.findById(deviceId, ClientDocument.class);
        if (d == null) {
            d = new ClientDocument();
            d.deviceId = deviceId;
        }
        return d;
    }

    private void save(ClientDocument d, long seq, Instant at) {
        d.lastSequence = seq;
        d.updatedAt = at;
        mongo.save(d);
        handled.incrementAndGet();
    }

    /**
     * A partial write: no whole-document read and rewrite. An event the document already holds (a replay, a
     * batch retried after a crash) is not applied again. The document is created by the first event the
     * projection sees of a phone.
     */
    private void set(String deviceId, long seq, Instant at, Update update) {
        if (SequenceGuard.lastSequence(mongo, ClientDocument.COLLECTION, deviceId) >= seq) {
            return;
        }
        update.set("lastSequence", seq).set("updatedAt", at);
        mongo.upsert(SequenceGuard.byId(deviceId), update, ClientDocument.class);
        handled.incrementAndGet();
    }

    private static Update identity(ClientIdentity id) {
        Update u = new Update();
        field(u, "e164", id.e164());
        field(u, "deviceType", id.deviceType());
        field(u, "softwareType", id.softwareType());
        field(u, "softwareVersion", id.softwareVersion());
        field(u, "contactMeUri", id.contactMeUri());
        field(u, "ipAddress", id.ipAddress());
        return u;
    }

    /** As a whole-document save writes it: a missing value is an absent field, not a null. */
    private static void field(Update u, String name, String value) {
        if (value == null) {
            u.unset(name);
        } else {
            u.set(name, value);
        }
    }

    private static String key(String name, Integer index) {
        return index == null ? name : name + "#" + index;
    }
}
