package org.deskfleet.query.history;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/**
 * A client's place in its audit trail: the sequence number of its newest event in the trail, and how many changes
 * each name (parameter or item) has in the trail by name ({@link #BY_NAME}). The trail itself is one
 * {@link TrailEventDocument} per event in {@link #EVENTS}, read newest first from here; this document grows with
 * the names a phone has, never with the length of its trail.
 */
@Document("#{@readModels.name('client_history_heads')}")
public class ClientHistoryDocument {

    public static final String COLLECTION = "client_history_heads";
    /** One document per event of a client that changed something the trail shows. */
    public static final String EVENTS = "client_history_events";
    /**
     * One document per name (parameter or item) an event of a client changed, numbered per client and name from 0
     * in event order ({@link TrailNameDocument}).
     */
    public static final String BY_NAME = "client_history_by_name";
    /** Where the whole trail of a client was one document (until this shape): dropped by a rebuild. */
    public static final String LEGACY = "client_history";

    @Id
    public String deviceId;
    public long lastSequence = -1;
    /**
     * Changes per name in {@link #BY_NAME}; {@code null} in a head written before that collection existed (the trail
     * is then read by event, as it was).
     */
    public List<NameCount> names;

    /** {@code count} documents of {@code name}: numbered 0 to count - 1, the newest last. */
    public record NameCount(String name, long count) {
    }
}
