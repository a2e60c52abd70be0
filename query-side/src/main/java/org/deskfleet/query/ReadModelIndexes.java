package org.deskfleet.query;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The secondary indexes one projection's queries need, declared in one place per projection. Ensured on the live
 * collections when the application is ready; in a rebuild, on its shadows once the replay has caught up, before they
 * are renamed over the live ones (readers never see the new read model without them). A replay into collections
 * without secondary indexes writes far less: kept up as it went, each insert changed a page of every index, and the
 * embedded store wrote each such page again at its next save; an index built over a full collection is written once,
 * in order (MongoDB, too, builds an index over existing documents in one sorted pass). A server that cannot build
 * them still answers, by scanning; that is said once, not per query.
 */
public abstract class ReadModelIndexes {

    private static final Logger log = LoggerFactory.getLogger(ReadModelIndexes.class);

    private final MongoTemplate mongo;
    private final String projection;
    private final String collection;

    /** @param collection the live collection's name, the one the indexes are on */
    protected ReadModelIndexes(MongoTemplate mongo, String projection, String collection) {
        this.mongo = mongo;
        this.projection = projection;
        this.collection = collection;
    }

    /** The projection whose collection these indexes are on. */
    public final String projection() {
        return projection;
    }

    /** Declares the indexes on the live collection. */
    @EventListener(ApplicationReadyEvent.class)
    public final void ensure() {
        ensure("");
    }

    /**
     * Declares the indexes on the collection named with {@code suffix}: {@code ""} the live one,
     * {@link ReadModels#SHADOW} a rebuild's shadow (only if it exists: a projection that wrote nothing into a shadow
     * has an empty read model).
     */
    public final void ensure(String suffix) {
        String name = collection + suffix;
        if (!suffix.isEmpty() && !mongo.collectionExists(name)) {
            return;
        }
        try {
            declare(mongo.getCollection(name));
        } catch (RuntimeException e) {
            log.info("secondary indexes of {} not available on this MongoDB server ({}); its queries scan instead", name,
                    e.getClass().getSimpleName());
        }
    }

    /** Declares the indexes, all in one {@code createIndexes} command: a server builds them in one pass. */
    protected abstract void declare(MongoCollection<Document> collection);
}
