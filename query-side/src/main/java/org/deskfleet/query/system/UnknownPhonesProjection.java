package org.deskfleet.query.system;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.system.FindUnknownPhones;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.system.UnknownPhonesChanged;
import org.deskfleet.kernel.system.UnknownPhonesView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The unknown-phones setting in the read model, for the API: one small document, rebuilt with the system settings.
 * Phone contacts do not read it (they read the event store: a rebuild here must not let unknown phones in).
 */
@Component
@ProcessingGroup(SystemSettingsProjection.NAME)
public class UnknownPhonesProjection {

    @Document("unknown_phones_setting")
    public static class UnknownPhonesDocument {
        @Id
        public String id;
        public long lastSequence = -1;
        public UnknownPhones mode;
        public Instant changedAt;
        public String actor;
        public String reason;
    }

    private final MongoTemplate mongo;

    public UnknownPhonesProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(UnknownPhonesChanged e, @SequenceNumber long seq) {
        UnknownPhonesDocument d = mongo.findById(e.policyId(), UnknownPhonesDocument.class);
        if (d != null && d.lastSequence >= seq) {
            return;
        }
        if (d == null) {
            d = new UnknownPhonesDocument();
            d.id = e.policyId();
        }
        d.mode = e.after();
        d.changedAt = e.at();
        d.actor = e.actor();
        d.reason = e.reason();
        d.lastSequence = seq;
        mongo.save(d);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(UnknownPhonesDocument.class);
    }

    @QueryHandler
    public UnknownPhonesView handle(FindUnknownPhones q) {
        UnknownPhonesDocument d = mongo.findById(org.deskfleet.kernel.system.ChangeUnknownPhones.ID, UnknownPhonesDocument.class);
        return d == null || d.mode == null ? UnknownPhonesView.DEFAULT : new UnknownPhonesView(d.mode, d.changedAt, d.actor, d.reason);
    }
}
