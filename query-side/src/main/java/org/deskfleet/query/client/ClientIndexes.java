package org.deskfleet.query.client;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.deskfleet.query.ReadModelIndexes;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** The indexes the client queries use. */
@Component
public class ClientIndexes extends ReadModelIndexes {

    /**
     * Each filter of the client list with {@code _id} last: a filtered page in id order after a cursor reads
     * its page from the index, and a filtered count counts index entries, on MongoDB as on the embedded server
     * (which keeps these as its own secondary indexes: docs/read-side.md).
     */
    static final List<List<String>> FILTERS = List.of(List.of("deviceType"), List.of("softwareType"),
            List.of("softwareVersion"), List.of("e164"), List.of("deviceType", "softwareVersion"));
    /** Names used by earlier versions (without {@code _id}): dropped, their place taken by the ones above. */
    private static final List<String> EARLIER = List.of("e164", "deviceType_softwareVersion", "softwareVersion");

    public ClientIndexes(MongoTemplate mongo) {
        super(mongo, ClientProjection.NAME, ClientDocument.COLLECTION);
    }

    @Override
    protected void declare(MongoCollection<Document> collection) {
        List<String> existing = collection.listIndexes().map(i -> i.getString("name")).into(new ArrayList<>());
        for (String name : EARLIER) {
            if (existing.contains(name)) {
                collection.dropIndex(name);
            }
        }
        List<IndexModel> models = new ArrayList<>();
        for (List<String> fields : FILTERS) {
            List<String> keys = new ArrayList<>(fields);
            keys.add("_id");
            models.add(new IndexModel(Indexes.ascending(keys), new IndexOptions().name(String.join("_", fields) + "_id")));
        }
        collection.createIndexes(models);
    }
}
