package org.deskfleet.query.mobility;

import org.deskfleet.query.ReadModelIndexes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The index a phone's history finds the mobile users who logged on at it by ({@code devices}, then {@code _id}): one
 * entry per user and phone (a multikey index on MongoDB, one entry per element on the embedded server), so that
 * question reads those users only, not every mobile user of the fleet.
 */
@Component
public class MobileUserIndexes implements ReadModelIndexes {

    private static final Logger log = LoggerFactory.getLogger(MobileUserIndexes.class);
    public static final String BY_DEVICE = "devices_id";

    private final MongoTemplate mongo;

    public MobileUserIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public String projection() {
        return MobileUserProjection.NAME;
    }

    @Override
    @EventListener(ApplicationReadyEvent.class)
    public void ensure() {
        ensure("");
    }

    @Override
    public void ensure(String suffix) {
        String collection = MobileUserDocument.COLLECTION + suffix;
        if (!suffix.isEmpty() && !mongo.collectionExists(collection)) {
            return;
        }
        try {
            mongo.indexOps(collection).createIndex(
                    new Index("devices", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named(BY_DEVICE));
        } catch (RuntimeException e) {
            log.info("secondary indexes not available on this MongoDB server ({}); a phone's mobile users are found by scan",
                    e.getClass().getSimpleName());
        }
    }
}
