package org.deskfleet.query.report;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.deskfleet.query.ReadModelIndexes;
import org.deskfleet.query.history.ClientHistoryDocument;
import org.deskfleet.query.history.ClientHistoryProjection;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The index the audit export reads a time window by: the trail's events by time ({@code at}, then {@code _id} for a
 * stable order among events of the same millisecond). MongoDB answers the window and its order from it without
 * sorting.
 */
@Component
public class ReportIndexes extends ReadModelIndexes {

    public static final String BY_TIME = "at_id";

    public ReportIndexes(MongoTemplate mongo) {
        super(mongo, ClientHistoryProjection.NAME, ClientHistoryDocument.EVENTS);
    }

    @Override
    protected void declare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("at", "_id"), new IndexOptions().name(BY_TIME));
    }
}
