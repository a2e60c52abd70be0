package org.deskfleet.query.group;

import org.deskfleet.kernel.group.GroupDefinition;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A group in the read model. Members are not stored: they are whoever matches the filters now. */
@Document(GroupDocument.COLLECTION)
public class GroupDocument extends org.deskfleet.query.SequencedDocument {

    public static final String COLLECTION = "groups";

    @Id
    public String groupId;
    public GroupDefinition definition;
    public boolean deleted;
    public Instant createdAt;
}
