package org.deskfleet.app.config;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * The embedded server's H2 storage with a rename that moves the storage too. A projection rebuild switches over
 * by renaming each shadow collection over the live one ({@code renameCollection} with {@code dropTarget}); the H2
 * backend (mongo-java-server 1.47) then renames only the collection's name, not the H2 maps holding its
 * documents and its unique indexes: the live collection went on in maps named after the shadow, so the next
 * rebuild's shadow opened those very maps (it "contained" the live documents, its inserts failed as duplicate
 * keys and dropping it dropped the live data), and after a restart the live collection was empty.
 */
final class RenamingH2Backend extends H2Backend {

    /** How the H2 backend names a collection's maps: data, metadata, one per unique index. */
    private static final String DATA = "databases.";
    private static final String META = "meta.";
    private static final String INDEX = "._index_";

    private RenamingH2Backend(MVStore store) {
        super(store);
    }

    static H2Backend open(String file) {
        return new RenamingH2Backend(MVStore.open(file));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // called from H2Backend's constructor too (for the databases already in the file): no field of this class
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class Database extends H2Database {

        private final MVStore store;

        Database(String name, MVStore store, de.bwaldvogel.mongo.backend.CursorRegistry cursors) {
            super(name, store, cursors);
            this.store = store;
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
                for (String map : List.copyOf(store.getMapNames())) {
                    String renamed = map.equals(DATA + from) ? DATA + to
                            : map.equals(META + from) ? META + to
                            : map.startsWith(from + INDEX) ? to + map.substring(from.length())
                            : null;
                    if (renamed != null) {
                        if (store.hasMap(renamed)) {
                            // left by an earlier rename of this backend's own, which opened (empty) maps under the new name
                            store.removeMap(renamed);
                        }
                        store.renameMap(store.openMap(map), renamed);
                    }
                }
            }
            super.moveCollection(oldDatabase, collection, newCollectionName);
        }
    }
}
