package org.deskfleet.query.maintenance;

import org.deskfleet.query.history.ClientHistoryDocument;
import org.deskfleet.query.history.ClientHistoryProjection;
import org.deskfleet.query.mobility.MobileUserDocument;
import org.deskfleet.query.mobility.MobileUserProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * A read model written when audit trails were one document per phone or user (an array rewritten at every
 * event) is rebuilt once at start into the trail of one document per event: no upcasting of documents, the
 * event store has everything. The rebuild drops the old collection, so this happens once.
 */
@Component
class TrailShapeUpgrade {

    private static final Logger log = LoggerFactory.getLogger(TrailShapeUpgrade.class);

    private final MongoTemplate mongo;
    private final ProjectionAdmin admin;

    TrailShapeUpgrade(MongoTemplate mongo, ProjectionAdmin admin) {
        this.mongo = mongo;
        this.admin = admin;
    }

    @EventListener(ApplicationReadyEvent.class)
    void upgrade() {
        if (mongo.collectionExists(ClientHistoryDocument.LEGACY)) {
            log.info("audit trail of an older shape (collection {}): rebuilding {}", ClientHistoryDocument.LEGACY,
                    ClientHistoryProjection.NAME);
            admin.rebuild(ClientHistoryProjection.NAME);
        }
        if (mongo.exists(Query.query(Criteria.where("history").exists(true)), MobileUserDocument.COLLECTION)) {
            log.info("mobile users' history of an older shape: rebuilding {}", MobileUserProjection.NAME);
            admin.rebuild(MobileUserProjection.NAME);
        }
    }
}
