package org.deskfleet.query.report;

import org.deskfleet.query.ReadModels;
import org.deskfleet.query.history.ClientHistoryDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The index the audit export reads a time window by: the trail's events by time ({@code at}, then {@code _id} for a
 * stable order among events of the same millisecond). MongoDB answers the window and its order from it without
 * sorting.
 */
@Component
public class ReportIndexes implements org.deskfleet.query.ReadModelIndexes {

    private static final Logger log = LoggerFactory.getLogger(ReportIndexes.class);
    public static final String BY_TIME = "at_id";

    private final MongoTemplate mongo;

    public ReportIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public String projection() {
        return org.deskfleet.query.history.ClientHistoryProjection.NAME;
    }

    @Override
    @EventListener(ApplicationReadyEvent.class)
    public void ensure() {
        ensure("");
    }

    @Override
    public void ensure(String suffix) {
        String collection = ClientHistoryDocument.EVENTS + suffix;
        if (!suffix.isEmpty() && !mongo.collectionExists(collection)) {
            return;
        }
        try {
            mongo.indexOps(collection).createIndex(
                    new Index("at", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named(BY_TIME));
        } catch (RuntimeException e) {
            log.info("secondary indexes not available on this MongoDB server ({}); the audit export scans the trail",
                    e.getClass().getSimpleName());
        }
    }
}
