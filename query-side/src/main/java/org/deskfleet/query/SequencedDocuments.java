package org.deskfleet.query;

import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The documents of a projection that keeps one document per aggregate and applies each of its events once: read the
 * document (or start a new one), skip an event it already holds, apply the change, record the event's sequence and
 * time, save. One place for what the group, template, system-settings and mobile-user projections each wrote out.
 *
 * <p>{@link #batched Batched}, the documents go through the processor's {@link ProjectionBatch} when there is one (the
 * projection is among the batched ones): the documents a batch's events name are read with one query and each is
 * written once at the batch's end, as the client list's are. Without a batch (a dead letter retried, a projection
 * not batched) each event reads and writes its document at once; the documents end the same.
 */
public final class SequencedDocuments<D extends SequencedDocument> {

    private final MongoTemplate mongo;
    private final Class<D> type;
    private final Function<String, D> created;
    /** Batched: the read model's name, the document's id, the subject an event names; {@code null}: not batched. */
    private final String readModel;
    private final Function<D, String> idOf;
    private final ProjectionBatch.SubjectOf<?> subjectOf;
    private final AtomicLong handled = new AtomicLong();

    /** @param created a new document for an id no document has yet */
    public SequencedDocuments(MongoTemplate mongo, Class<D> type, Function<String, D> created) {
        this(mongo, type, created, null, null, null);
    }

    private SequencedDocuments(MongoTemplate mongo, Class<D> type, Function<String, D> created, String readModel,
                               Function<D, String> idOf, ProjectionBatch.SubjectOf<?> subjectOf) {
        this.mongo = mongo;
        this.type = type;
        this.created = created;
        this.readModel = readModel;
        this.idOf = idOf;
        this.subjectOf = subjectOf;
    }

    /**
     * Documents of {@code type} in {@code readModel} (the read-model name the type's {@code @Document} resolves),
     * written through the processor's batch when there is one.
     *
     * @param idOf      the document's id
     * @param subjectOf the document's id an event names, to read a batch's documents at once
     * @param created   a new document for an id no document has yet
     */
    public static <D extends SequencedDocument> SequencedDocuments<D> batched(MongoTemplate mongo, Class<D> type, String readModel,
                                                                             Function<D, String> idOf,
                                                                             ProjectionBatch.SubjectOf<?> subjectOf,
                                                                             Function<String, D> created) {
        return new SequencedDocuments<>(mongo, type, created, readModel, idOf, subjectOf);
    }

    /** Applies {@code change} to the document of {@code id} unless it holds event {@code seq} already. */
    public void update(String id, long seq, Instant at, Consumer<D> change) {
        update(id, seq, at, change, d -> {
        });
    }

    /**
     * As {@link #update(String, long, Instant, Consumer)}, with {@code beforeSave} run after the change and before
     * the document is saved: what goes elsewhere (a history document of its own) is written first, since the
     * document's sequence is what marks the event applied, and a crash in between repeats both. In a batch, "first"
     * is the order of the flush: a projection takes its other collection's writes before it reads a document
     * ({@link ProjectionBatch}: collections are flushed in the order the batch first touched them).
     */
    public void update(String id, long seq, Instant at, Consumer<D> change, Consumer<D> beforeSave) {
        ProjectionBatch.Documents<D> documents = readModel == null ? null
                : ProjectionBatch.documents(mongo, type, readModel, idOf, subjectOf);
        D d = documents != null ? documents.find(id) : mongo.findById(id, type);
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
        if (documents != null) {
            documents.save(d);
        } else {
            mongo.save(d);
        }
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
