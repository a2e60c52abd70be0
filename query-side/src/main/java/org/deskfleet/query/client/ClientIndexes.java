package org.deskfleet.query.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Declares the indexes the client queries use. A server that cannot build them still answers (by scan); we say
 * so once instead of failing start-up.
 */
@Component
public class ClientIndexes implements org.deskfleet.query.ReadModelIndexes {

    private static final Logger log = LoggerFactory.getLogger(ClientIndexes.class);

    private final MongoTemplate mongo;

    public ClientIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Each filter of the client list with {@code _id} last: a filtered page in id order after a cursor reads
     * its page from the index, and a filtered count counts index entries, on MongoDB as on the embedded server
     * (which keeps these as its own secondary indexes: docs/read-side.md).
     */
    static final List<List<String>> FILTERS = List.of(List.of("deviceType"), List.of("softwareType"),
            List.of("softwareVersion"), List.of("e164"), List.of("deviceType", "softwareVersion"));
    /** Names used by earlier versions (without {@code _id}): dropped, their place taken by the ones above. */
    private static final List<String> EARLIER = List.of("e164", "deviceType_softwareVersion", "softwareVersion");

    @Override
    public String projection() {
        return ClientProjection.NAME;
    }

    @Override
    @EventListener(ApplicationReadyEvent.class)
    public void ensure() {
        ensure("");
    }

    @Override
    public void ensure(String suffix) {
        String collection = ClientDocument.COLLECTION + suffix;
        if (!suffix.isEmpty() && !mongo.collectionExists(collection)) {
            return;
        }
        try {
            var ops = mongo.indexOps(collection);
            var existing = ops.getIndexInfo().stream().map(i -> i.getName()).toList();
            for (String name : EARLIER) {
                if (existing.contains(name)) {
                    ops.dropIndex(name);
                }
            }
            // One command for all: a server builds them in one pass over a full collection (a rebuilt shadow).
            List<com.mongodb.client.model.IndexModel> models = new java.util.ArrayList<>();
            for (List<String> fields : FILTERS) {
                List<String> keys = new java.util.ArrayList<>(fields);
                keys.add("_id");
                models.add(new com.mongodb.client.model.IndexModel(com.mongodb.client.model.Indexes.ascending(keys),
                        new com.mongodb.client.model.IndexOptions().name(String.join("_", fields) + "_id")));
            }
            mongo.getCollection(collection).createIndexes(models);
        } catch (RuntimeException e) {
            log.info("secondary indexes not available on this MongoDB server ({}); queries scan instead",
                    e.getClass().getSimpleName());
        }
    }
}
