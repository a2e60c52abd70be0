package org.deskfleet.query;

import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The documents of a projection that keeps one document per aggregate and applies each of its events once: read the
 * document (or start a new one), skip an event it already holds, apply the change, record the event's sequence and
 * time, save. One place for what the group, template, system-settings and mobile-user projections each wrote out;
 * the client list and the audit trail batch their writes instead ({@link ProjectionBatch}).
 */
public final class SequencedDocuments<D extends SequencedDocument> {

    private final MongoTemplate mongo;
    private final Class<D> type;
    private final Function<String, D> created;
    private final AtomicLong handled = new AtomicLong();

    /** @param created a new document for an id no document has yet */
    public SequencedDocuments(MongoTemplate mongo, Class<D> type, Function<String, D> created) {
        this.mongo = mongo;
        this.type = type;
        this.created = created;
    }

    /** Applies {@code change} to the document of {@code id} unless it holds event {@code seq} already. */
    public void update(String id, long seq, Instant at, Consumer<D> change) {
        update(id, seq, at, change, d -> {
        });
    }

    /**
     * As {@link #update(String, long, Instant, Consumer)}, with {@code beforeSave} run after the change and before
     * the document is saved: what goes elsewhere (a history document of its own) is written first, since the
     * document's sequence is what marks the event applied, and a crash in between repeats both.
     */
    public void update(String id, long seq, Instant at, Consumer<D> change, Consumer<D> beforeSave) {
        D d = mongo.findById(id, type);
        if (d == null) {
            d = created.apply(id);
        }
        if (d.lastSequence >= seq) {
            return;
        }
        change.accept(d);
        beforeSave.accept(d);
        d.lastSequence = seq;
        d.updatedAt = at;
        mongo.save(d);
        handled.incrementAndGet();
    }

    /** Events applied since start or the last {@link #reset}. */
    public long handled() {
        return handled.get();
    }

    /** The collection dropped (a replay follows) and the count started again. */
    public void reset() {
        mongo.dropCollection(type);
        handled.set(0);
    }
}
