package org.deskfleet.kernel.maintenance;

import java.time.Instant;

/**
 * One event a projection or policy could not handle, parked with its sequence (the same aggregate's later events
 * wait behind it) instead of being skipped: where it waits, what it is, why it failed.
 */
public record DeadLetter(String processor, String sequence, String eventType, String aggregateId, long sequenceNumber,
                         Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage) {
}
