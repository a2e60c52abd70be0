package org.deskfleet.query.history;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A client's place in its audit trail: the sequence number of its newest event in the trail. The trail itself is
 * one {@link TrailEventDocument} per event in {@link #EVENTS}, read newest first from here; this document stays a
 * few bytes however long the trail gets.
 */
@Document("#{@readModels.name('client_history_heads')}")
public class ClientHistoryDocument {

    public static final String COLLECTION = "client_history_heads";
    /** One document per event of a client that changed something the trail shows. */
    public static final String EVENTS = "client_history_events";
    /** Where the whole trail of a client was one document (until this shape): dropped by a rebuild. */
    public static final String LEGACY = "client_history";

    @Id
    public String deviceId;
    public long lastSequence = -1;
}
