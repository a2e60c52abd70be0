package org.deskfleet.query;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Idempotent projection writes: a document remembers the aggregate sequence number of the last event applied
 * to it, and an event at or below it is not applied again. Looked up by id alone: every MongoDB answers that from
 * its _id index, the embedded wire server too (which scans the whole collection for {@code _id} plus any other
 * condition, so a guard inside the update's filter would cost a scan per event there).
 */
public final class SequenceGuard {

    private SequenceGuard() {
    }

    /** The last applied sequence number of a document, {@code -1} when there is no document. */
    public static long lastSequence(MongoTemplate mongo, String collection, String id) {
        Query byId = Query.query(Criteria.where("_id").is(id));
        byId.fields().include("lastSequence");
        Document d = mongo.findOne(byId, Document.class, ReadModels.name(collection));
        return d == null || !(d.get("lastSequence") instanceof Number n) ? -1 : n.longValue();
    }

    public static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
