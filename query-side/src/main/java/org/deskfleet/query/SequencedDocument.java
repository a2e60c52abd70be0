package org.deskfleet.query;

import java.time.Instant;

/**
 * A read-model document kept by one aggregate's events ({@link SequencedDocuments}): the sequence number of the last
 * event applied, so that a replay or a redelivery of an older event changes nothing, and that event's time.
 */
public abstract class SequencedDocument {

    public Instant updatedAt;
    public long lastSequence = -1;
}
