package org.deskfleet.query;

/**
 * The secondary indexes one projection's queries need, declared in one place per projection. Ensured on the live
 * collections when the application is ready; in a rebuild, on its shadows once the replay has caught up, before they
 * are renamed over the live ones (readers never see the new read model without them). A replay into collections
 * without secondary indexes writes far less: kept up as it went, each insert changed a page of every index, and the
 * embedded store wrote each such page again at its next save; an index built over a full collection is written once,
 * in order (MongoDB, too, builds an index over existing documents in one sorted pass). A server that cannot build
 * them still answers, by scanning; that is said once, not per query.
 */
public interface ReadModelIndexes {

    /** The projection whose collections these indexes are on. */
    String projection();

    /** Declares the indexes on the live collections. */
    default void ensure() {
        ensure("");
    }

    /**
     * Declares the indexes on the collections named with {@code suffix}: {@code ""} the live ones,
     * {@link ReadModels#SHADOW} a rebuild's shadows (only those that exist: a projection that wrote nothing into a
     * shadow has an empty read model).
     */
    void ensure(String suffix);
}
