package org.deskfleet.query.group;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.group.GroupCreated;
import org.deskfleet.kernel.group.GroupDeleted;
import org.deskfleet.kernel.group.GroupUpdated;
import org.deskfleet.query.SequencedDocuments;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;


/** Builds {@link GroupDocument}s, one handler per event; a replay skips what a document already holds. */
@Component
@ProcessingGroup(GroupProjection.NAME)
public class GroupProjection {

    public static final String NAME = "group-projection";

    private final SequencedDocuments<GroupDocument> documents;

    public GroupProjection(MongoTemplate mongo) {
        this.documents = new SequencedDocuments<>(mongo, GroupDocument.class, id -> {
            GroupDocument d = new GroupDocument();
            d.groupId = id;
            return d;
        });
    }

    @EventHandler
    void on(GroupCreated e, @SequenceNumber long seq) {
        documents.update(e.groupId(), seq, e.at(), d -> {
            d.definition = e.definition();
            d.createdAt = e.at();
        });
    }

    @EventHandler
    void on(GroupUpdated e, @SequenceNumber long seq) {
        documents.update(e.groupId(), seq, e.at(), d -> d.definition = e.after());
    }

    @EventHandler
    void on(GroupDeleted e, @SequenceNumber long seq) {
        documents.update(e.groupId(), seq, e.at(), d -> d.deleted = true);
    }

    @ResetHandler
    void reset() {
        documents.reset();
    }

    public long handled() {
        return documents.handled();
    }
}
