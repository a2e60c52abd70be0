package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A collection of the embedded read store that answers the read side's lists and counts without reading every
 * document.
 * <p>
 * The backend as it comes scans and decodes the whole collection for any query other than {@code _id} equality,
 * sorts all matches before taking a page, and cannot keep a non-unique index. The client list asks three things
 * (docs/read-side.md): a page of 50 in {@code _id} order after a cursor, with or without equality filters; the
 * count of a filter; the count of all. Here:
 * <ul>
 *   <li>secondary indexes are kept, each a B-tree of (indexed values..., {@code _id}) in the same store, so saved
 *       and recovered with the documents they index;</li>
 *   <li>a query made of equalities that one index covers exactly, plus at most a lower bound on {@code _id},
 *       asked in {@code _id} order, walks that index from the bound and decodes only the documents it returns
 *       (a page of 50 decodes about 51); without equalities, the documents themselves are walked in id order;</li>
 *   <li>the count of such equalities is the difference of two ranks in the index: no document is read.</li>
 * </ul>
 * Anything else goes the backend's way. Documents still pass the full query matcher, so a plan can only
 * narrow what is read, never change an answer. Also: no data-size tracking (the backend BSON-encodes the old and
 * the new document at every update for it, and nothing here asks).
 */
final class EmbeddedCollection extends H2Collection {

    /** Queries and counts answered by a plan of this class (for tests: that the plans are taken at all). */
    static final java.util.concurrent.atomic.LongAdder PLANNED = new java.util.concurrent.atomic.LongAdder();

    /** Updates by id applied without the backend's copies (for tests: that the way is taken at all). */
    static final java.util.concurrent.atomic.LongAdder UPDATED_BY_ID = new java.util.concurrent.atomic.LongAdder();

    private final MVMap<Object, Document> documents;

    EmbeddedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
                       MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, name, options, documents, meta, cursors);
        this.documents = documents;
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    /**
     * A replacement, or a {@code $set} / {@code $unset} of top-level fields, of one document by its id alone (what the
     * projections send, thousands per batch in a rebuild), without the backend's copies: it deep-copies the stored
     * document before every update, copies it again into the new one, and for a replacement copies that once more,
     * which for a phone of 150 items was most of the embedded server's work. Here the new document takes the stored
     * one's values as they are (no stored value is ever changed in place: every update builds a new document) and the
     * update's own, fresh from the wire. Anything else goes the backend's way.
     */
    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                 boolean multi, boolean upsert, Oplog oplog) {
        Object id = selector.size() == 1 && selector.get("_id") instanceof String s ? s : null;
        Shape shape = id == null || multi || (arrayFilters != null && !arrayFilters.isEmpty()) ? null : Shape.of(update, id);
        if (shape == null) {
            return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
        }
        UPDATED_BY_ID.increment();
        Document old = documents.get(id);
        Document result = new Document();
        if (old == null) {
            if (upsert) {
                Document created = shape == Shape.REPLACE ? withIdFirst(update, id) : applied(new Document("_id", id), update, false);
                addDocument(created);
                oplog.handleInsert(getFullName(), List.of(created));
                result.put("upserted", id);
            }
            result.put("n", 0);
            result.put("nModified", 0);
            return result;
        }
        Document updated = shape == Shape.REPLACE ? withIdFirst(update, id) : applied(new Document(old), update, true);
        boolean modified = !updated.equals(old);
        if (modified) {
            for (Index<Object> index : getIndexes()) {
                index.checkUpdate(old, updated, this);
            }
            for (Index<Object> index : getIndexes()) {
                index.updateInPlace(old, updated, id, this);
            }
            handleUpdate(id, old, updated);
            oplog.handleUpdate(getFullName(), selector, update, List.of(id));
        }
        result.put("n", 1);
        result.put("nModified", modified ? 1 : 0);
        return result;
    }

    /** What an update by id this class applies itself is: a whole replacement, or top-level $set / $unset. */
    private enum Shape {
        REPLACE, SET;

        static Shape of(Document update, Object id) {
            if (update.isEmpty()) {
                return null;
            }
            boolean operators = update.keySet().iterator().next().startsWith("$");
            if (!operators) {
                for (String key : update.keySet()) {
                    if (key.startsWith("$")) {
                        return null; // mixed: the backend's error
                    }
                }
                Object own = update.get("_id");
                if (own != null && !own.equals(id)) {
                    return null; // the backend refuses it with MongoDB's error
                }
                try {
                    Utils.validateFieldNames(update);
                } catch (RuntimeException e) {
                    return null;
                }
                return REPLACE;
            }
            Set<String> fields = new HashSet<>();
            for (Map.Entry<String, Object> e : update.entrySet()) {
                if (!(e.getKey().equals("$set") || e.getKey().equals("$unset")) || !(e.getValue() instanceof Document fieldValues)) {
                    return null;
                }
                for (Map.Entry<String, Object> f : fieldValues.entrySet()) {
                    String field = f.getKey();
                    if (field.isEmpty() || field.startsWith("$") || field.contains(".") || field.equals("_id") || !fields.add(field)) {
                        return null;
                    }
                    if (e.getKey().equals("$set")) {
                        try {
                            Utils.validateFieldNames(new Document(field, f.getValue()));
                        } catch (RuntimeException x) {
                            return null;
                        }
                    }
                }
            }
            return SET;
        }
    }

    private static Document withIdFirst(Document replacement, Object id) {
        if (replacement.keySet().iterator().next().equals("_id")) {
            return replacement;
        }
        Document out = new Document("_id", id);
        replacement.forEach((k, v) -> {
            if (!k.equals("_id")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@code target} with the update's $set and (when {@code unset}) $unset applied; the update's values taken as they are. */
    private static Document applied(Document target, Document update, boolean unset) {
        if (update.get("$set") instanceof Document set) {
            target.putAll(set);
        }
        if (unset && update.get("$unset") instanceof Document gone) {
            for (String field : gone.keySet()) {
                target.remove(field);
            }
        }
        return target;
    }

    /**
     * The secondary indexes being built by the command under way on this thread ({@link #buildingIndexes}), to be
     * filled together once it has declared them all; null outside such a command.
     */
    private static final ThreadLocal<List<Runnable>> FILLS = new ThreadLocal<>();

    /** Passes over a collection's documents that filled new secondary indexes (for tests: one per command). */
    static final java.util.concurrent.atomic.LongAdder FILL_PASSES = new java.util.concurrent.atomic.LongAdder();

    /**
     * Runs {@code command} (a {@code createIndexes}) so that the new secondary indexes of each collection it names are
     * filled in one pass over its documents, after all of them are declared. The backend fills each index by two passes
     * of its own (one to check, one to add; a non-unique index has nothing to check): five indexes over a rebuilt client
     * list of 135,000 phones read every document ten times, 13 s of a 35 s rebuild. MongoDB, too, builds the indexes of
     * one command in one scan.
     */
    static <T> T buildingIndexes(java.util.function.Supplier<T> command) {
        List<Runnable> fills = new ArrayList<>();
        FILLS.set(fills);
        try {
            return command.get();
        } finally {
            FILLS.remove();
            fills.forEach(Runnable::run);
        }
    }

    @Override
    public synchronized void addIndex(Index<Object> index) {
        List<Runnable> fills = FILLS.get();
        if (fills == null || !(index instanceof SecondaryIndex s) || !s.isEmpty() || documents.isEmpty()
                || getIndexes().stream().anyMatch(i -> i.getName().equals(index.getName()))) {
            super.addIndex(index);
            return;
        }
        s.unfilled = true;
        super.addIndex(s);
        if (fills.stream().noneMatch(f -> f instanceof Fill fill && fill.collection() == this)) {
            fills.add(new Fill(this));
        }
    }

    /** The one pass that fills this collection's unfilled indexes, with no other command on it meanwhile. */
    private record Fill(EmbeddedCollection collection) implements Runnable {
        @Override
        public void run() {
            collection.fillUnfilled();
        }
    }

    /**
     * A limit: should a document not be indexable (two arrays in one compound index, which the read side never
     * declares), the command fails and the index stays registered but unfilled (never planned on: queries scan and
     * answer right), where the backend would not have registered it; the next start tries to build it again.
     */
    private synchronized void fillUnfilled() {
        List<SecondaryIndex> unfilled = new ArrayList<>();
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndex s && s.unfilled) {
                unfilled.add(s);
            }
        }
        if (unfilled.isEmpty()) {
            return;
        }
        FILL_PASSES.increment();
        for (Map.Entry<Object, Document> e : documents.entrySet()) {
            for (SecondaryIndex s : unfilled) {
                s.add(e.getValue(), e.getKey(), this);
            }
        }
        unfilled.forEach(s -> s.unfilled = false);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document fieldSelector) {
        Plan plan = inIdOrder(orderBy) ? Plan.of(query) : null;
        Stream<Object> ids = plan == null ? null : ids(plan);
        if (ids == null) {
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }
        PLANNED.increment();
        // already in the order asked: no comparator, so the stream stops at the limit
        Stream<Document> documents = ids.map(this::getDocument).filter(Objects::nonNull);
        List<String> excluded = excludedFields(fieldSelector);
        if (excluded != null) {
            // The backend's projection clones every document deeply before it drops the excluded fields: a page of
            // phones without their items decoded and copied 50 x 150 items only to leave them out (and their
            // stored BSON, LazyBsonArray, was decoded for it). The fields are left out of a shallow copy instead,
            // after the full query matched the stored document; the reply is only encoded, never changed.
            Stream<Document> matched = documents.filter(d -> documentMatchesQuery(d, query)).map(d -> without(d, excluded));
            return matchDocumentsFromStream(new Document(), matched, skip, limit, batchSize, null, null);
        }
        return matchDocumentsFromStream(query, documents, skip, limit, batchSize, null, fieldSelector);
    }

    /** The fields a selector only excludes, all top-level ({@code {items: 0}}); null for any other selector. */
    static List<String> excludedFields(Document fieldSelector) {
        if (fieldSelector == null || fieldSelector.isEmpty()) {
            return null;
        }
        List<String> excluded = new ArrayList<>();
        for (Map.Entry<String, Object> e : fieldSelector.entrySet()) {
            Object v = e.getValue();
            boolean exclude = Boolean.FALSE.equals(v) || (v instanceof Number n && n.doubleValue() == 0);
            if (!exclude || e.getKey().startsWith("$") || e.getKey().contains(".")) {
                return null;
            }
            excluded.add(e.getKey());
        }
        return excluded;
    }

    private static Document without(Document stored, List<String> excluded) {
        Document copy = new Document();
        for (Map.Entry<String, Object> e : stored.entrySet()) {
            if (!excluded.contains(e.getKey())) {
                copy.put(e.getKey(), e.getValue());
            }
        }
        return copy;
    }

    /**
     * Like MongoDB, a reply carries at most 16 MiB of documents (and at least one); the rest waits in a cursor
     * for the client's getMore. The backend otherwise answers a find without a batch size in one reply, and the
     * driver refuses a reply over 48 MB: a query over a few thousand phones' full documents failed.
     */
    @Override
    protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
        // A document is at most 16 MiB: one or two always fit in a reply the driver takes (48 MB), so the
        // lookups by id of the request path are not measured (measuring encodes each document once more).
        if (matched.size() <= 2 && batchSize <= 0) {
            return new QueryResult(matched);
        }
        int first = fitting(matched, 0, batchSize);
        if (first >= matched.size()) {
            return new QueryResult(matched);
        }
        ReplyCursor rest = new ReplyCursor(cursorRegistry.generateCursorId(), new ArrayList<>(matched.subList(first, matched.size())));
        cursorRegistry.add(rest);
        return new QueryResult(new ArrayList<>(matched.subList(0, first)), rest);
    }

    static final int REPLY_BYTES = 16 * 1024 * 1024;

    /** The end of the batch from {@code from}: at most {@code max} documents (all if 0 or less), within REPLY_BYTES. */
    static int fitting(List<Document> documents, int from, int max) {
        int end = max > 0 ? Math.min(documents.size(), from + max) : documents.size();
        long bytes = 0;
        for (int i = from; i < end; i++) {
            bytes += EmbeddedStoreTypes.encodedSize(documents.get(i));
            if (bytes > REPLY_BYTES && i > from) {
                return i;
            }
        }
        return end;
    }

    /** What a find left for getMore, handed out in replies of at most REPLY_BYTES. */
    static final class ReplyCursor extends de.bwaldvogel.mongo.backend.AbstractCursor {

        private List<Document> remaining;
        private int next;

        ReplyCursor(long id, List<Document> remaining) {
            super(id);
            this.remaining = remaining;
        }

        @Override
        public synchronized boolean isEmpty() {
            return next >= remaining.size();
        }

        @Override
        public synchronized List<Document> takeDocuments(int max) {
            int end = fitting(remaining, next, max);
            List<Document> out = new ArrayList<>(remaining.subList(next, end));
            next = end;
            if (isEmpty()) {
                remaining = List.of();
                next = 0;
            }
            return out;
        }
    }

    @Override
    public int count(Document query, int skip, int limit) {
        Plan plan = skip == 0 && limit <= 0 ? Plan.of(query) : null;
        if (plan != null && plan.idAfter() == null && !plan.equal().isEmpty()) {
            SecondaryIndex index = indexFor(plan);
            if (index != null) {
                PLANNED.increment();
                return index.count(plan);
            }
        }
        return super.count(query, skip, limit);
    }

    private Stream<Object> ids(Plan plan) {
        if (plan.equal().isEmpty()) {
            Object from = plan.idAfter() == null ? Missing.getInstance() : plan.idAfter();
            Cursor<Object, Document> cursor = documents.cursor(from);
            Stream<Object> ids = stream(cursor);
            return plan.idAfter() == null ? ids : ids.filter(id -> EmbeddedStoreTypes.compareValues(id, plan.idAfter()) > 0);
        }
        SecondaryIndex index = indexFor(plan);
        return index == null ? null : index.ids(plan);
    }

    private SecondaryIndex indexFor(Plan plan) {
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndex s && !s.unfilled && s.covers(plan)) {
                return s;
            }
        }
        return null;
    }

    private static boolean inIdOrder(Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return true; // this backend's natural order is the id order
        }
        if (orderBy.size() != 1) {
            return false;
        }
        Object direction = orderBy.containsKey("_id") ? orderBy.get("_id") : orderBy.get("$natural");
        return direction instanceof Number n && n.intValue() == 1;
    }

    private static <K> Stream<K> stream(Iterator<K> keys) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(keys, Spliterator.ORDERED), false);
    }

    /**
     * What the read side's list queries are made of: equalities on top-level fields and at most one lower bound
     * on {@code _id}, all under (nested) {@code $and}. Anything else is not a plan.
     */
    record Plan(Map<String, Object> equal, Object idAfter) {

        static Plan of(Document query) {
            Map<String, Object> equal = new LinkedHashMap<>();
            Object[] after = new Object[1];
            return query == null || collect(query, equal, after) ? new Plan(equal, after[0]) : null;
        }

        private static boolean collect(Document query, Map<String, Object> equal, Object[] after) {
            for (Map.Entry<String, Object> e : query.entrySet()) {
                String field = e.getKey();
                Object value = e.getValue();
                if (field.equals("$and") && value instanceof List<?> parts) {
                    for (Object part : parts) {
                        if (!(part instanceof Document d) || !collect(d, equal, after)) {
                            return false;
                        }
                    }
                } else if (field.equals("_id")) {
                    if (!(value instanceof Document d) || d.size() != 1 || !d.containsKey("$gt") || after[0] != null
                            || !plain(d.get("$gt"))) {
                        return false; // id equality and $in: the unique id index is the better way
                    }
                    after[0] = d.get("$gt");
                } else if (field.startsWith("$") || field.contains(".") || !plain(value)
                        || (equal.containsKey(field) && !Objects.equals(equal.get(field), value))) {
                    return false;
                } else {
                    equal.put(field, value);
                }
            }
            return true;
        }

        /** A value compared as itself: not null (which also matches a missing field), an array, an operator or a pattern. */
        private static boolean plain(Object value) {
            return value != null && !(value instanceof Map) && !(value instanceof Collection) && !(value instanceof Pattern)
                    && !(value instanceof Missing) && !value.getClass().getSimpleName().contains("RegularExpression");
        }
    }

    /** A unique index in its own map of the store: positions by key ({@code _id} and every unique index declared). */
    static final class UniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /**
     * A non-unique index: one entry per document and value tuple, keyed (values..., {@code _id}), so one tuple's
     * documents lie together in id order. It never answers the backend's own index lookups ({@link #canHandle} is
     * false): {@link EmbeddedCollection} walks it for the plans above.
     */
    static final class SecondaryIndex extends Index<Object> {

        private static final String PRESENT = "";

        private final MVMap<KeyValue, Object> map;
        /**
         * Registered by a command that builds several indexes, its entries not yet filled ({@link #addIndex}): not
         * planned on, and reported non-empty so that the backend registers it without filling it itself.
         */
        volatile boolean unfilled;
        /**
         * The indexed fields but a last {@code _id}: an index such as {deviceType: 1, _id: 1}, which is what serves
         * a filtered page in id order on MongoDB too, keeps the same order here and serves the same plans.
         */
        private final List<String> fields;

        SecondaryIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            List<String> names = keys.stream().map(IndexKey::getKey).toList();
            this.fields = names.size() > 1 && names.getLast().equals("_id") ? names.subList(0, names.size() - 1) : names;
        }

        boolean covers(Plan plan) {
            return plan.equal().size() == fields.size() && plan.equal().keySet().containsAll(fields);
        }

        Stream<Object> ids(Plan plan) {
            List<Object> values = values(plan);
            int n = values.size();
            Object from = plan.idAfter() == null ? Missing.getInstance() : plan.idAfter();
            Cursor<KeyValue, Object> cursor = map.cursor(entry(values, from));
            Iterator<Object> ids = new Iterator<>() {
                private Object next = advance();

                private Object advance() {
                    while (cursor.hasNext()) {
                        KeyValue key = cursor.next();
                        for (int i = 0; i < n; i++) {
                            if (EmbeddedStoreTypes.compareValues(key.get(i), values.get(i)) != 0) {
                                return null; // past this tuple
                            }
                        }
                        Object id = key.get(n);
                        if (plan.idAfter() == null || EmbeddedStoreTypes.compareValues(id, plan.idAfter()) > 0) {
                            return id;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Object next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    Object id = next;
                    next = advance();
                    return id;
                }
            };
            return stream(ids);
        }

        int count(Plan plan) {
            List<Object> values = values(plan);
            long low = rank(entry(values, Missing.getInstance()));
            long high = rank(entry(values, EmbeddedStoreTypes.HIGHEST));
            return Math.toIntExact(high - low);
        }

        /** Where {@code key} is or would be in the map: the number of entries below it. */
        private long rank(KeyValue key) {
            long at = map.getKeyIndex(key);
            return at >= 0 ? at : -(at + 1);
        }

        /** The plan's values in this index's key order, normalized as the index keeps them. */
        private List<Object> values(Plan plan) {
            List<Object> values = new ArrayList<>();
            for (String field : fields) {
                values.add(plan.equal().get(field));
            }
            return new ArrayList<>(new KeyValue(values).normalized().stream().toList());
        }

        private static KeyValue entry(List<Object> values, Object id) {
            List<Object> key = new ArrayList<>(values);
            key.add(id);
            return new KeyValue(key);
        }

        private static KeyValue entry(KeyValue values, Object id) {
            return entry(values.stream().toList(), id);
        }

        private static Object idOf(Document document) {
            return Missing.ofNullable(document.get("_id"));
        }

        @Override
        public Object getPosition(Document document) {
            return null; // positions come from the unique id index
        }

        @Override
        public void checkAdd(Document document, MongoCollection<Object> collection) {
            // not unique: nothing to refuse
        }

        @Override
        public void add(Document document, Object position, MongoCollection<Object> collection) {
            Object id = idOf(document);
            for (KeyValue values : getKeyValues(document)) {
                map.put(entry(values, id), PRESENT);
            }
        }

        @Override
        public Object remove(Document document) {
            Object id = idOf(document);
            for (KeyValue values : getKeyValues(document)) {
                map.remove(entry(values, id));
            }
            return id;
        }

        @Override
        public boolean canHandle(Document query) {
            return false;
        }

        @Override
        public Iterable<Object> getPositions(Document query) {
            throw new UnsupportedOperationException("walked by EmbeddedCollection only");
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return !unfilled && map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
            // not unique: nothing to refuse
        }

        @Override
        public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
            if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
                remove(oldDocument);
                add(newDocument, position, collection);
            }
        }

        @Override
        public void drop() {
            map.clear();
        }
    }
}
