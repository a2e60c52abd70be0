package org.deskfleet.query;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The read-model writes of one batch of a projection's events, held in memory and sent at the batch's end in one
 * bulk write per collection, before the processor stores its position (docs/read-side.md, "Batched writes"). A
 * replay then costs a few round trips per batch instead of one or two per event.
 *
 * <p>What a handler reads inside a batch includes the batch's own pending writes: documents are read through an
 * identity map ({@link Documents}) that keeps every document the batch has read or written, and the documents the
 * batch's events name are read at once, with one query, at the first read. Other writes ({@link Writes}) are ones
 * nothing in the batch reads back (a trail's event documents, a {@code $max} on a head).
 *
 * <p>On the thread that handles a batch, {@link #current()} is that batch; elsewhere (a dead letter retried, a
 * handler called directly) there is none, and {@link #documents} and {@link #writes} read and write at once. The
 * same handler code runs both ways and leaves the same documents.
 *
 * <p>Collections are flushed in the order the batch first wrote them (a trail's event documents before the head that
 * points at them), each as one ordered bulk write. A crash in the middle of a flush leaves some of the batch's writes
 * done and the position not stored: the batch is handled again, and the sequence guards make that change nothing.
 */
public final class ProjectionBatch {

    private static final ThreadLocal<ProjectionBatch> CURRENT = new ThreadLocal<>();

    private final List<? extends EventMessage<?>> events;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private ProjectionBatch(List<? extends EventMessage<?>> events) {
        this.events = events;
    }

    /** The batch being handled on this thread, or {@code null}: writes go out at once. */
    public static ProjectionBatch current() {
        return CURRENT.get();
    }

    /** Opens a batch of {@code events} on this thread; {@link #close()} ends it. */
    public static ProjectionBatch open(List<? extends EventMessage<?>> events) {
        ProjectionBatch batch = new ProjectionBatch(List.copyOf(events));
        CURRENT.set(batch);
        return batch;
    }

    /** Ends the batch on this thread; what was not flushed is dropped (a batch rolled back is handled again). */
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
        pending.clear();
    }

    public boolean isEmpty() {
        return pending.values().stream().allMatch(Pending::isEmpty);
    }

    /** Sends every pending write, collection by collection in the order they were first written. */
    public void flush() {
        for (Pending p : pending.values()) {
            p.flush();
        }
        pending.clear();
    }

    /**
     * Documents of {@code type} in {@code readModel} (a read-model name, resolved for this thread now; not through
     * the type's {@code @Document} expression, which Spring evaluates by reflection at every call), read and written
     * whole by id.
     */
    public static <T> Documents<T> documents(MongoTemplate mongo, Class<T> type, String readModel, Function<T, String> idOf,
                                             SubjectOf<?> idOfPayload) {
        String collection = ReadModels.name(readModel);
        ProjectionBatch batch = current();
        if (batch == null) {
            return new Direct<>(mongo, type, collection, idOf);
        }
        Pending p = batch.pending.computeIfAbsent(collection, c -> new Buffered<>(mongo, type, c, idOf, idOfPayload, batch.events));
        if (!(p instanceof Buffered<?> b) || b.type != type) {
            throw new IllegalStateException("collection " + collection + " is written two ways in one batch");
        }
        @SuppressWarnings("unchecked")
        Documents<T> documents = (Documents<T>) b;
        return documents;
    }

    /**
     * Documents in {@code readModel} (a read-model name, resolved for this thread now) converted by {@code codec} to and
     * from BSON, without Spring Data's mapping. Within a batch, a document the batch's first read found absent is
     * inserted at the flush, and one it found is updated by a {@code $set} (and {@code $unset}) of the top-level fields
     * that changed, or not written at all when none did.
     */
    public static <T> Documents<T> documents(MongoTemplate mongo, String readModel, Codec<T> codec,
                                             SubjectOf<?> idOfPayload) {
        String collection = ReadModels.name(readModel);
        ProjectionBatch batch = current();
        if (batch == null) {
            return new BsonDirect<>(mongo, collection, codec);
        }
        Pending p = batch.pending.computeIfAbsent(collection, c -> new BsonBuffered<>(mongo, c, codec, idOfPayload, batch.events));
        if (!(p instanceof BsonBuffered<?> b) || b.codec != codec) {
            throw new IllegalStateException("collection " + collection + " is written two ways in one batch");
        }
        @SuppressWarnings("unchecked")
        Documents<T> documents = (Documents<T>) b;
        return documents;
    }

    /**
     * The subject (a document's id) an event of {@code type} names, for reading a batch's documents with one query.
     * Only events of that type are decoded for it: the rest of a batch (a job's results, say, among the registrations)
     * is left as it was read, unless a handler of the projection decodes it.
     */
    public record SubjectOf<E>(Class<E> type, Function<? super E, String> id) {

        String of(EventMessage<?> event) {
            return type.isAssignableFrom(event.getPayloadType()) ? id.apply(type.cast(event.getPayload())) : null;
        }
    }

    /** A document type to and from BSON, written by hand for a projection whose writes are many and large. */
    public interface Codec<T> {

        String id(T document);

        org.bson.Document encode(T document);

        T decode(org.bson.Document document);

        /**
         * The document as BSON bytes, for an insert: what {@link #encode} gives, written straight with a BSON writer
         * where the codec can (the driver's document codec looks a codec up for every value it writes).
         */
        default org.bson.RawBsonDocument raw(T document) {
            return new org.bson.RawBsonDocument(encode(document), new org.bson.codecs.DocumentCodec());
        }
    }

    /** Writes to {@code collection} (a read-model name, resolved for this thread now) that the batch does not read back. */
    public static Writes writes(MongoTemplate mongo, String collection) {
        String name = ReadModels.name(collection);
        ProjectionBatch batch = current();
        if (batch == null) {
            return new DirectWrites(mongo, name);
        }
        Pending p = batch.pending.computeIfAbsent(name, c -> new BufferedWrites(mongo, c));
        if (!(p instanceof BufferedWrites w)) {
            throw new IllegalStateException("collection " + name + " is written two ways in one batch");
        }
        return w;
    }

    /** Whole documents by id: what a handler reads is what the batch has written before it. */
    public interface Documents<T> {

        /** The document as of the events handled so far, or {@code null}. */
        T find(String id);

        /** The document as it now is (its id inside), replacing what the store has. */
        void save(T document);

        void remove(String id);
    }

    /** Writes nothing in the batch reads back, kept in their order. */
    public interface Writes {

        /** The document replaces the one with the same id, or is added. */
        void save(String id, Object document);

        /** The same, for a document already in BSON (written by hand, not mapped). */
        void save(String id, org.bson.RawBsonDocument document);

        void upsert(String id, Update update);
    }

    private interface Pending {
        void flush();

        boolean isEmpty();
    }

    /**
     * An identity map of the batch's documents of one collection ({@code null} values: known absent). The first read
     * of a batch reads every document its events name (one query); later misses one by one. How documents are read
     * and written is the subclass's.
     */
    private abstract static class IdentityMap<T> implements Documents<T>, Pending {

        final Map<String, T> known = new HashMap<>();
        final Set<String> changed = new LinkedHashSet<>();
        private final SubjectOf<?> idOfPayload;
        private final List<? extends EventMessage<?>> events;
        private boolean prefetched;

        IdentityMap(SubjectOf<?> idOfPayload, List<? extends EventMessage<?>> events) {
            this.idOfPayload = idOfPayload;
            this.events = events;
        }

        abstract String idOf(T document);

        /** Reads the documents of {@code ids} ({@code id} among them) into {@link #known}. */
        abstract void read(String id, Set<String> ids);

        /** Whether a write must know first what the store holds. */
        boolean readsBeforeWrite() {
            return false;
        }

        @Override
        public T find(String id) {
            if (!known.containsKey(id)) {
                load(id);
            }
            return known.get(id);
        }

        private void load(String id) {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(id);
            if (!prefetched && idOfPayload != null) {
                for (EventMessage<?> e : events) {
                    String other = idOfPayload.of(e);
                    if (other != null && !known.containsKey(other)) {
                        ids.add(other);
                    }
                }
            }
            prefetched = true;
            for (String i : ids) {
                known.put(i, null);
            }
            read(id, ids);
        }

        @Override
        public void save(T document) {
            String id = idOf(document);
            if (readsBeforeWrite() && !known.containsKey(id)) {
                load(id);
            }
            known.put(id, document);
            changed.add(id);
        }

        @Override
        public void remove(String id) {
            if (readsBeforeWrite() && !known.containsKey(id)) {
                load(id);
            }
            known.put(id, null);
            changed.add(id);
        }

        @Override
        public boolean isEmpty() {
            return changed.isEmpty();
        }
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    private static final FindAndReplaceOptions UPSERT = FindAndReplaceOptions.options().upsert();

    private record Direct<T>(MongoTemplate mongo, Class<T> type, String collection, Function<T, String> idOf)
            implements Documents<T> {

        @Override
        public T find(String id) {
            return mongo.findById(id, type, collection);
        }

        @Override
        public void save(T document) {
            mongo.save(document, collection);
        }

        @Override
        public void remove(String id) {
            mongo.remove(byId(id), collection);
        }
    }

    /** An identity map of the batch's documents of one collection; {@code null} values are documents known absent. */
    private static final class Buffered<T> extends IdentityMap<T> {

        private final MongoTemplate mongo;
        private final Class<T> type;
        private final String collection;
        private final Function<T, String> idOf;

        Buffered(MongoTemplate mongo, Class<T> type, String collection, Function<T, String> idOf,
                 SubjectOf<?> idOfPayload, List<? extends EventMessage<?>> events) {
            super(idOfPayload, events);
            this.mongo = mongo;
            this.type = type;
            this.collection = collection;
            this.idOf = idOf;
        }

        @Override
        String idOf(T document) {
            return idOf.apply(document);
        }

        @Override
        void read(String id, Set<String> ids) {
            List<T> found = ids.size() == 1 ? java.util.Optional.ofNullable(mongo.findById(id, type, collection)).stream().toList()
                    : mongo.find(Query.query(Criteria.where("_id").in(ids)), type, collection);
            for (T d : found) {
                known.put(idOf.apply(d), d);
            }
        }

        @Override
        public void flush() {
            if (changed.isEmpty()) {
                return;
            }
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, type, collection);
            for (String id : changed) {
                T d = known.get(id);
                if (d == null) {
                    bulk.remove(byId(id));
                } else {
                    bulk.replaceOne(byId(id), d, UPSERT);
                }
            }
            bulk.execute();
            changed.clear();
        }
    }

    private record BsonDirect<T>(MongoTemplate mongo, String collection, Codec<T> codec) implements Documents<T> {

        @Override
        public T find(String id) {
            org.bson.Document d = mongo.execute(collection, c -> c.find(Filters.eq("_id", id)).first());
            return d == null ? null : codec.decode(d);
        }

        @Override
        public void save(T document) {
            org.bson.Document d = codec.encode(document);
            mongo.execute(collection, c -> c.replaceOne(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true)));
        }

        @Override
        public void remove(String id) {
            mongo.execute(collection, c -> c.deleteOne(Filters.eq("_id", id)));
        }
    }

    /**
     * {@link Buffered}, in BSON: the identity map keeps, beside each document, the BSON the store held for it when the
     * batch read it ({@code null}: absent), so that the flush writes only what changed.
     */
    private static final class BsonBuffered<T> extends IdentityMap<T> {

        private final MongoTemplate mongo;
        private final String collection;
        private final Codec<T> codec;
        /** Per id, what the store holds: a {@code org.bson.Document} as read, or the BSON of the batch's own insert. */
        private final Map<String, Object> stored = new HashMap<>();

        BsonBuffered(MongoTemplate mongo, String collection, Codec<T> codec, SubjectOf<?> idOfPayload,
                     List<? extends EventMessage<?>> events) {
            super(idOfPayload, events);
            this.mongo = mongo;
            this.collection = collection;
            this.codec = codec;
        }

        @Override
        String idOf(T document) {
            return codec.id(document);
        }

        /** What the store holds decides between an insert and an update. */
        @Override
        boolean readsBeforeWrite() {
            return true;
        }

        @Override
        void read(String id, Set<String> ids) {
            List<org.bson.Document> found = mongo.execute(collection, c -> (ids.size() == 1 ? c.find(Filters.eq("_id", id))
                    : c.find(Filters.in("_id", ids))).into(new ArrayList<>()));
            for (org.bson.Document d : found) {
                T document = codec.decode(d);
                String key = codec.id(document);
                known.put(key, document);
                stored.put(key, d);
            }
        }

        @Override
        public void flush() {
            if (changed.isEmpty()) {
                return;
            }
            List<WriteModel<org.bson.RawBsonDocument>> writes = new ArrayList<>(changed.size());
            Map<String, Object> written = new HashMap<>();
            for (String id : changed) {
                T d = known.get(id);
                org.bson.Document before = stored(id);
                if (d == null) {
                    if (before != null) {
                        writes.add(new DeleteOneModel<>(Filters.eq("_id", id)));
                    }
                    written.put(id, null);
                } else if (before == null) {
                    org.bson.RawBsonDocument after = codec.raw(d);
                    writes.add(new InsertOneModel<>(after));
                    written.put(id, after);
                } else {
                    org.bson.Document after = codec.encode(d);
                    org.bson.Document update = changes(before, after);
                    if (update != null) {
                        writes.add(new UpdateOneModel<>(Filters.eq("_id", id), update));
                    }
                    written.put(id, after);
                }
            }
            if (!writes.isEmpty()) {
                mongo.execute(collection, c -> c.withDocumentClass(org.bson.RawBsonDocument.class)
                        .bulkWrite(writes, new BulkWriteOptions().ordered(true)));
            }
            // what was written is what the store now holds: a later flush of the same batch compares with it
            written.forEach((id, after) -> {
                if (after == null) {
                    stored.remove(id);
                } else {
                    stored.put(id, after);
                }
            });
            changed.clear();
        }

        /** What the store holds for {@code id} as far as the batch knows, {@code null}: absent. */
        private org.bson.Document stored(String id) {
            Object d = stored.get(id);
            if (d instanceof org.bson.RawBsonDocument raw) {
                org.bson.Document decoded = raw.decode(new org.bson.codecs.DocumentCodec());
                stored.put(id, decoded);
                return decoded;
            }
            return (org.bson.Document) d;
        }

        /** {@code $set} of the top-level fields that differ, {@code $unset} of those gone; {@code null}: none. */
        private static org.bson.Document changes(org.bson.Document before, org.bson.Document after) {
            org.bson.Document set = new org.bson.Document();
            for (Map.Entry<String, Object> e : after.entrySet()) {
                if (!e.getKey().equals("_id") && !java.util.Objects.equals(before.get(e.getKey()), e.getValue())) {
                    set.put(e.getKey(), e.getValue());
                }
            }
            org.bson.Document unset = new org.bson.Document();
            for (String key : before.keySet()) {
                if (!after.containsKey(key)) {
                    unset.put(key, "");
                }
            }
            if (set.isEmpty() && unset.isEmpty()) {
                return null;
            }
            org.bson.Document update = new org.bson.Document();
            if (!set.isEmpty()) {
                update.put("$set", set);
            }
            if (!unset.isEmpty()) {
                update.put("$unset", unset);
            }
            return update;
        }
    }

    private record DirectWrites(MongoTemplate mongo, String collection) implements Writes {

        @Override
        public void save(String id, Object document) {
            mongo.save(document, collection);
        }

        @Override
        public void save(String id, org.bson.RawBsonDocument document) {
            mongo.execute(collection, c -> c.withDocumentClass(org.bson.RawBsonDocument.class)
                    .replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true)));
        }

        @Override
        public void upsert(String id, Update update) {
            mongo.upsert(byId(id), update, collection);
        }
    }

    private static final class BufferedWrites implements Writes, Pending {

        private final MongoTemplate mongo;
        private final String collection;
        private final List<Runnable> ops = new ArrayList<>();
        private BulkOperations bulk;
        /** Replacements already in BSON, written by the driver itself; never mixed with mapped ones in one batch. */
        private final List<WriteModel<org.bson.RawBsonDocument>> raw = new ArrayList<>();

        BufferedWrites(MongoTemplate mongo, String collection) {
            this.mongo = mongo;
            this.collection = collection;
        }

        private BulkOperations bulk() {
            if (bulk == null) {
                bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, collection);
            }
            return bulk;
        }

        @Override
        public void save(String id, Object document) {
            mapped();
            ops.add(() -> bulk().replaceOne(byId(id), document, UPSERT));
        }

        @Override
        public void save(String id, org.bson.RawBsonDocument document) {
            if (!ops.isEmpty()) {
                throw new IllegalStateException("collection " + collection + " is written two ways in one batch");
            }
            raw.add(new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true)));
        }

        @Override
        public void upsert(String id, Update update) {
            mapped();
            ops.add(() -> bulk().upsert(byId(id), update));
        }

        /** Mapped writes keep their order with each other only: the raw ones of a batch go out apart. */
        private void mapped() {
            if (!raw.isEmpty()) {
                throw new IllegalStateException("collection " + collection + " is written two ways in one batch");
            }
        }

        @Override
        public boolean isEmpty() {
            return ops.isEmpty() && raw.isEmpty();
        }

        @Override
        public void flush() {
            if (!raw.isEmpty()) {
                mongo.execute(collection, c -> c.withDocumentClass(org.bson.RawBsonDocument.class)
                        .bulkWrite(raw, new BulkWriteOptions().ordered(true)));
                raw.clear();
            }
            if (ops.isEmpty()) {
                return;
            }
            ops.forEach(Runnable::run);
            bulk.execute();
            ops.clear();
            bulk = null;
        }
    }
}
