package org.deskfleet.query.mobility;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.deskfleet.query.ReadModelIndexes;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The index a phone's history finds the mobile users who logged on at it by ({@code devices}, then {@code _id}): one
 * entry per user and phone (a multikey index on MongoDB, one entry per element on the embedded server), so that
 * question reads those users only, not every mobile user of the fleet.
 */
@Component
public class MobileUserIndexes extends ReadModelIndexes {

    public static final String BY_DEVICE = "devices_id";

    public MobileUserIndexes(MongoTemplate mongo) {
        super(mongo, MobileUserProjection.NAME, MobileUserDocument.COLLECTION);
    }

    @Override
    protected void declare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("devices", "_id"), new IndexOptions().name(BY_DEVICE));
    }
}
