package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded server's H2 storage, mended in two ways that a projection's correctness after a crash rests on.
 * <p>
 * <b>Saves are a prefix of the acknowledged writes.</b> A projection writes its documents, then its position. H2's
 * MVStore saves (by default once a second, from a thread of its own, and whenever enough is unsaved, from any
 * writer) by taking each map's current root one after the other while writes go on: a save could keep a later
 * write of one collection (the position) and lose an earlier one of another (the documents), or half of one write
 * (a document without its unique-index entry). After {@code kill -9} the projection then started after events it
 * had never applied (a pending target kept for good: the phone was served the finished work again). Here the store
 * never saves by itself; every command runs under a shared lock and a saver of its own takes the lock exclusively
 * while a save takes its cut of the maps, so a save holds exactly the commands answered before it, in order (the
 * pages are then written while commands go on, {@link #save}). It also tidies the file ({@link #tidy}: H2's own
 * background housekeeping no longer runs).
 * <p>
 * <b>A rename moves the storage.</b> A projection rebuild switches over
 * by renaming each shadow collection over the live one ({@code renameCollection} with {@code dropTarget}); the H2
 * backend (mongo-java-server 1.47) then renames only the collection's name, not the H2 maps holding its
 * documents and its unique indexes: the live collection went on in maps named after the shadow, so the next
 * rebuild's shadow opened those very maps (it "contained" the live documents, its inserts failed as duplicate
 * keys and dropping it dropped the live data), and after a restart the live collection was empty.
 */
final class EmbeddedH2Backend extends H2Backend {

    /** How often the store is saved: what a crash can lose of the read side (its positions go back with it). */
    static final Duration SAVE_EVERY = Duration.ofMillis(250);
    /**
     * How often the file is tidied (the live pages of its emptiest chunks written again while its chunks are under
     * half full), and how much at most each time: a rebuild leaves a fleet's documents behind in chunks shared with
     * live pages, and the file held three times its live data after a dozen rebuilds with a 4 MiB tidy every 30 s.
     */
    static final Duration TIDY_EVERY = Duration.ofSeconds(5);
    static final int TIDY_BYTES = 16 << 20;
    /**
     * Saved at once, between the timer's saves, when this much (H2's estimate of the changed pages in memory) is
     * unsaved: a save serializes its pages into one buffer, which H2 keeps for the next save only up to 4 MiB; a
     * rebuild's quarter second of writes (12 MiB and more) grew a new one by halves at every save, a tenth of a
     * rebuild's garbage (docs/read-side.md, "Rebuilds: what a replay allocates").
     */
    static final int SAVE_AT_BYTES = 3 << 20;
    /**
     * A command that leaves this much unsaved waits for the saves under way: commands go on while a save writes its
     * pages, and writers faster than the saver would otherwise pile unsaved pages up in the heap.
     */
    static final int HOLD_AT_BYTES = 24 << 20;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedH2Backend.class);

    private final ReentrantReadWriteLock saving = new ReentrantReadWriteLock();
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "embedded-mongo-save");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong failedSaves = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean saveQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /** How the H2 backend names a collection's maps: data, metadata, one per unique index. */
    private static final String DATA = "databases.";
    private static final String META = "meta.";
    private static final String INDEX = "._index_";

    private EmbeddedH2Backend(MVStore store, boolean timed) {
        super(store);
        if (timed) {
            long every = SAVE_EVERY.toMillis();
            saver.scheduleWithFixedDelay(this::save, every, every, TimeUnit.MILLISECONDS);
            saver.scheduleWithFixedDelay(this::tidy, TIDY_EVERY.toMillis(), TIDY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Pages kept decoded in memory by default (deskfleet.mongo.embedded-cache-mb): the documents a projection reads
     * back while a storm goes on. Small: the cache is heap, filled at a large fleet even when idle (it was most of the
     * live heap of an idle server at 100,000 phones), and under a storm and a rebuild its pages live seconds, long
     * enough to reach the old generation (docs/read-side.md, "Memory at 100,000 phones"). A page read again comes
     * from the operating system's file cache.
     */
    static final int CACHE_MB = 16;

    /**
     * Opens a store of the current format ({@link EmbeddedStoreFormat} converts older ones first), with
     * {@code cacheMb} MiB of pages kept decoded.
     */
    static H2Backend open(String file, int cacheMb) {
        return new EmbeddedH2Backend(openStore(file, cacheMb), true);
    }

    /** The same, saving only when {@link #save} is called (and at its close, and past {@link #SAVE_AT_BYTES}): tests. */
    static EmbeddedH2Backend openUntimed(String file) {
        return new EmbeddedH2Backend(openStore(file, CACHE_MB), false);
    }

    static MVStore openStore(String file) {
        return openStore(file, CACHE_MB);
    }

    /**
     * Entries in a page before it splits (H2's default is 48). A save writes every page changed since the last one
     * whole, and a rebuild's inserts land all over each index: with 48 entries a page, each index entry was written
     * some 40 times over a rebuild, most of what a save encoded. With 16 the pages are a third the size and the
     * trees a level deeper (docs/read-side.md, "Saves that do not stop the writers").
     */
    static final int KEYS_PER_PAGE = 16;

    static MVStore openStore(String file, int cacheMb) {
        java.util.Map<String, Object> config = new java.util.HashMap<>();
        config.put("cacheSize", cacheMb);
        CutTellingFileStore fileStore = new CutTellingFileStore(config);
        fileStore.open(file, false, null);
        try {
            // no save of the store's own: neither its timer (autoCommitDelay) nor a writer past a memory bound
            return new MVStore.Builder().adoptFileStore(fileStore).autoCommitDisabled().autoCommitBufferSize(0).keysPerPage(KEYS_PER_PAGE).open();
        } catch (RuntimeException e) {
            fileStore.close();
            throw e;
        }
    }

    /**
     * The store's file, telling a save when it has taken its cut: H2 saves in two steps, first the root of every map
     * as it is at that moment (the cut), then the pages under those roots, serialized and written while the maps go
     * on changing (a map's pages are copied on write, never changed in place: what H2's own background saves rely on).
     * It asks for its write buffer between the two ({@code FileStore.serializeAndStore}, H2 2.3), and only there.
     */
    static final class CutTellingFileStore extends org.h2.mvstore.SingleFileStore {

        private volatile Runnable onCut;

        CutTellingFileStore(java.util.Map<String, Object> config) {
            super(config);
            largerTablesOfContents(this);
        }

        /** Bytes of chunks' tables of contents H2 keeps in memory here (its own: 1 MiB). */
        static final long TOC_CACHE_BYTES = 16L << 20;

        /**
         * Dropping a large collection (the live one a rebuild's shadow replaces) accounts for each of its pages not in
         * memory by looking up the page's number in its chunk's table of contents ({@code FileStore.calculatePageNo},
         * H2 2.3). H2 caches these tables in 1 MiB split in 16 segments, and a table larger than a segment (64 KiB: a
         * chunk of more than 8,000 pages, such as one save after an index build) is never cached: each of the
         * chunk's pages read its whole table again from the file. That was 16 s of a client list's switch-over at
         * 135,000 phones, every command waiting. Here the cache is one segment of {@link #TOC_CACHE_BYTES}. It is H2's
         * private field, set once here; should a later H2 not have it, the store keeps H2's own and says so.
         */
        private static void largerTablesOfContents(org.h2.mvstore.FileStore<?> store) {
            try {
                java.lang.reflect.Field f = org.h2.mvstore.FileStore.class.getDeclaredField("chunksToC");
                f.setAccessible(true);
                org.h2.mvstore.cache.CacheLongKeyLIRS.Config config = new org.h2.mvstore.cache.CacheLongKeyLIRS.Config();
                config.maxMemory = TOC_CACHE_BYTES;
                config.segmentCount = 1;
                f.set(store, new org.h2.mvstore.cache.CacheLongKeyLIRS<long[]>(config));
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.info("embedded read store: H2's cache of chunk tables kept at its own size ({})", e.toString());
            }
        }

        /** {@code then} runs, on the saving thread, once the next save has taken its cut; not at all if none is taken. */
        void onNextCut(Runnable then) {
            onCut = then;
        }

        @Override
        public org.h2.mvstore.WriteBuffer getWriteBuffer() {
            Runnable then = onCut;
            if (then != null) {
                onCut = null;
                then.run();
            }
            return super.getWriteBuffer();
        }
    }

    /**
     * Opens one of the backend's maps with the types of its kind ({@link EmbeddedStoreTypes}): documents by id,
     * positions by index key, and H2's own types for the small metadata maps. Every map goes through here: a map
     * once opened with other types would stay open so, and misread the file.
     */
    static <K, V> MVMap<K, V> openMap(MVStore store, String name) {
        MVMap.Builder<K, V> builder = new MVMap.Builder<>();
        if (name.startsWith(DATA)) {
            builder.keyType(EmbeddedStoreTypes.ID).valueType(EmbeddedStoreTypes.DOCUMENT);
        } else if (name.contains(INDEX)) {
            builder.keyType(EmbeddedStoreTypes.INDEX_KEY).valueType(EmbeddedStoreTypes.ID);
        }
        return store.openMap(name, builder);
    }

    /**
     * Saves what every command answered so far has written, and nothing of one still running. Commands wait only
     * while the save takes its cut (the roots of the maps, {@link CutTellingFileStore}), not while it serializes
     * and writes the pages: a save held every command for all of it, and under a rebuild's writes the saves took a
     * third to a half of the time (docs/read-side.md, "Saves that do not stop the writers").
     */
    void save() {
        save(() -> {
        });
    }

    /** The same; {@code whileWriting} runs once commands are let go again, before the pages are written (tests). */
    void save(Runnable whileWriting) {
        exclusively("save", () -> {
            CutTellingFileStore file = (CutTellingFileStore) getMvStore().getFileStore();
            file.onNextCut(() -> {
                releaseForCommands();
                whileWriting.run();
            });
            try {
                getMvStore().commit();
            } finally {
                file.onNextCut(null);
            }
        });
    }

    private void releaseForCommands() {
        if (saving.isWriteLockedByCurrentThread()) {
            saving.writeLock().unlock();
        }
    }

    /**
     * Marks the live pages of the emptiest chunks to be written again; the next save writes them into its chunk, and
     * the old chunks are freed. Commands go on meanwhile: a page is rewritten with what it holds when it is rewritten
     * (H2's own housekeeping does this while its maps change), so a save still holds exactly the commands before its
     * cut. (It took the store to itself before, and a tidy every 5 s held every command for 50-300 ms.)
     */
    private void tidy() {
        logged("tidy", () -> {
            if (!getMvStore().isClosed()) {
                getMvStore().compact(50, TIDY_BYTES);
            }
        });
    }

    private void exclusively(String what, Runnable task) {
        logged(what, () -> {
            saving.writeLock().lock();
            try {
                if (!getMvStore().isClosed()) {
                    task.run();
                }
            } finally {
                if (saving.isWriteLockedByCurrentThread()) { // a save gives it up once its cut is taken
                    saving.writeLock().unlock();
                }
            }
        });
    }

    private void logged(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // one line per failure streak: a full disk would otherwise log four times a second
            if (failedSaves.getAndIncrement() == 0) {
                log.error("embedded read store: {} failed (the read side goes on in memory; repeats are not logged until one succeeds)", what, e);
            }
            return;
        }
        if (failedSaves.getAndSet(0) > 0) {
            log.info("embedded read store: saving again");
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        java.util.concurrent.locks.Lock lock = lockFor(command);
        lock.lock();
        try {
            return "createIndexes".equalsIgnoreCase(command)
                    ? EmbeddedCollection.buildingIndexes(() -> super.handleCommand(channel, database, command, query))
                    : super.handleCommand(channel, database, command, query);
        } catch (de.bwaldvogel.mongo.exception.MongoSilentServerException e) {
            // Dropping a collection that is not there is a success, as on MongoDB 7; the wire handler would log
            // each as an error with its stack (every rebuild drops shadows that may not exist).
            if ("drop".equalsIgnoreCase(command) && "ns not found".equals(e.getMessage())) {
                return new Document("ok", 1.0);
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        // the command is the body's first key; its lock is taken here, before handleCommand (a read lock held
        // cannot become the write lock)
        java.util.Iterator<String> keys = message.getDocument().keySet().iterator();
        java.util.concurrent.locks.Lock lock = lockFor(keys.hasNext() ? keys.next() : "");
        lock.lock();
        try {
            return super.handleMessage(message);
        } finally {
            lock.unlock();
            saveIfLarge();
        }
    }

    /** A save now, on the saver's thread, when enough is unsaved ({@link #SAVE_AT_BYTES}); one queued at a time. */
    private void saveIfLarge() {
        int unsaved = getMvStore().getUnsavedMemory();
        if (unsaved > SAVE_AT_BYTES && saveQueued.compareAndSet(false, true)) {
            try {
                saver.execute(() -> {
                    saveQueued.set(false);
                    save();
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                saveQueued.set(false); // the store is closing: its close saves
            }
        }
        if (unsaved > HOLD_AT_BYTES) {
            awaitSaves();
        }
    }

    /** Returns once what the saver has been given so far is done (a save queued above included). */
    private void awaitSaves() {
        HELD.increment();
        try {
            saver.submit(() -> {
            }).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            // closing, or a save that fails or hangs: logged by the saver; the command is answered anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commands that waited for the saver (tests). */
    static final java.util.concurrent.atomic.LongAdder HELD = new java.util.concurrent.atomic.LongAdder();

    /**
     * Commands share the lock; a rename takes it alone. A rename over an existing collection (a rebuild's switch,
     * {@code dropTarget}) drops the target, then moves the renamed collection under its name: a command between the
     * two found no collection at all, and a reader of the fleet saw phones missing for that moment. Alone, it is one
     * step to every other command. (A save takes it alone too: see {@link #save}.)
     */
    private java.util.concurrent.locks.Lock lockFor(String command) {
        return "renameCollection".equalsIgnoreCase(command) ? saving.writeLock() : saving.readLock();
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        saving.readLock().lock();
        try {
            return super.handleQuery(query);
        } finally {
            saving.readLock().unlock();
        }
    }

    /**
     * Stops saving, then closes (H2 saves a last time) once no command runs. A save under way is waited for,
     * never interrupted: an interrupt closes the store's file channel in the middle of a write, and the last
     * save then fails too (what the store held since the previous save was lost at a restart).
     */
    @Override
    public void close() {
        saver.shutdown();
        try {
            if (!saver.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("embedded read store: a save still runs after 60 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saving.writeLock().lock();
        try {
            super.close();
        } finally {
            saving.writeLock().unlock();
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // called from H2Backend's constructor too (for the databases already in the file): no field of this class
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /**
     * An inner class: H2Backend's constructor opens the databases already in the file before any field of this
     * class is set, so the store is always asked of the backend (set by then), never kept in a field here.
     */
    private final class Database extends H2Database {

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        private MVStore store() {
            return getMvStore();
        }

        /**
         * Renames the maps first, under the collection's old name; the backend's own rename then finds them under
         * the new one (and renames them onto themselves). The target's maps are gone already: a target that
         * existed was dropped (dropTarget) before this is called, or the rename refused.
         */
        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
            String from = collection.getFullName();
            String to = getFullCollectionNamespace(newCollectionName);
            if (!from.equals(to)) {
                for (String map : List.copyOf(store().getMapNames())) {
                    String renamed = map.equals(DATA + from) ? DATA + to
                            : map.equals(META + from) ? META + to
                            : map.startsWith(from + INDEX) ? to + map.substring(from.length())
                            : null;
                    if (renamed != null) {
                        if (store().hasMap(renamed)) {
                            // left by an earlier rename of this backend's own, which opened (empty) maps under the new name
                            store().removeMap(renamed);
                        }
                        store().renameMap(openMap(store(), map), renamed);
                    }
                }
            }
            super.moveCollection(oldDatabase, collection, newCollectionName);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String name = getFullCollectionNamespace(collectionName);
            return new EmbeddedCollection(this, collectionName, options, openMap(store(), DATA + name), openMap(store(), META + name),
                    cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new EmbeddedCollection.UniqueIndex(openMap(store(), getFullCollectionNamespace(collectionName) + INDEX + indexName),
                    indexName, keys, sparse);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new EmbeddedCollection.SecondaryIndex(openMap(store(), getFullCollectionNamespace(collectionName) + INDEX + indexName),
                    indexName, keys, sparse);
        }

        @Override
        public void dropCollection(String collectionName, Oplog oplog) {
            // the backend opens the maps by name to remove them: they must be open with their own types already
            String name = getFullCollectionNamespace(collectionName);
            openMap(store(), DATA + name);
            openMap(store(), META + name);
            super.dropCollection(collectionName, oplog);
        }
    }
}
