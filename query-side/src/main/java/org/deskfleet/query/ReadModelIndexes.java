package org.deskfleet.query;

/**
 * The secondary indexes one projection's queries need, declared in one place per projection. Ensured when the
 * application is ready, at a reset before a replay writes (kept up as it goes, not built over the whole read model at
 * its end), and after a rebuild's switch (a renamed shadow has none of the live collection's indexes). A server
 * that cannot build them still answers, by scanning; that is said once, not per query.
 */
public interface ReadModelIndexes {

    /** The projection whose collections these indexes are on. */
    String projection();

    /** Declares the indexes on the collections this thread writes (the live ones, or a rebuild's shadows). */
    void ensure();
}
