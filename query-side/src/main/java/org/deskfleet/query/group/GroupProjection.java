package org.deskfleet.query.group;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.group.GroupCreated;
import org.deskfleet.kernel.group.GroupDeleted;
import org.deskfleet.kernel.group.GroupUpdated;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Builds {@link GroupDocument}s, one handler per event; a replay skips what a document already holds. */
@Component
@ProcessingGroup(GroupProjection.NAME)
public class GroupProjection {

    public static final String NAME = "group-projection";

    private final MongoTemplate mongo;
    private final AtomicLong handled = new AtomicLong();

    public GroupProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(GroupCreated e, @SequenceNumber long seq) {
        update(e.groupId(), seq, e.at(), d -> {
            d.definition = e.definition();
            d.createdAt = e.at();
        });
    }

    @EventHandler
    void on(GroupUpdated e, @SequenceNumber long seq) {
        update(e.groupId(), seq, e.at(), d -> d.definition = e.after());
    }

    @EventHandler
    void on(GroupDeleted e, @SequenceNumber long seq) {
        update(e.groupId(), seq, e.at(), d -> d.deleted = true);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(GroupDocument.class);
        handled.set(0);
    }

    public long handled() {
        return handled.get();
    }

    private void update(String id, long seq, Instant at, Consumer<GroupDocument> change) {
        GroupDocument d = mongo.findById(id, GroupDocument.class);
        if (d == null) {
            d = new GroupDocument();
            d.groupId = id;
        }
        if (d.lastSequence >= seq) {
            return;
        }
        change.accept(d);
        d.lastSequence = seq;
        d.updatedAt = at;
        mongo.save(d);
        handled.incrementAndGet();
    }
}
