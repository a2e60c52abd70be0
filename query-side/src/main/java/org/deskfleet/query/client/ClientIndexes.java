package org.deskfleet.query.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Declares the indexes the client queries use. The embedded Mongo-wire server cannot build non-unique
 * indexes; there the queries still work (by scan) and we say so once instead of failing start-up.
 */
@Component
public class ClientIndexes {

    private static final Logger log = LoggerFactory.getLogger(ClientIndexes.class);

    private final MongoTemplate mongo;

    public ClientIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ensure() {
        try {
            var ops = mongo.indexOps(ClientDocument.class);
            ops.createIndex(new Index("e164", Sort.Direction.ASC).named("e164"));
            ops.createIndex(new Index("deviceType", Sort.Direction.ASC).on("softwareVersion", Sort.Direction.ASC)
                    .named("deviceType_softwareVersion"));
            ops.createIndex(new Index("softwareVersion", Sort.Direction.ASC).named("softwareVersion"));
        } catch (RuntimeException e) {
            log.info("secondary indexes not available on this MongoDB server ({}); queries scan instead",
                    e.getClass().getSimpleName());
        }
    }
}
