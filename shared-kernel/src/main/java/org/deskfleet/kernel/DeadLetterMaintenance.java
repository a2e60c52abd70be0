package org.deskfleet.kernel;

import java.time.Instant;
import java.util.List;

/**
 * Admin port: events a projection or policy could not handle. They are parked with their sequence (the same
 * aggregate's later events wait behind them) instead of being skipped, shown here, and retried on demand.
 */
public interface DeadLetterMaintenance {

    /** One parked event: where it waits, what it is, why it failed. */
    record DeadLetter(String processor, String sequence, String eventType, String aggregateId, long sequenceNumber,
                      Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage) {
    }

    /** After a retry: how many letters were handled now, and how many still wait. */
    record RetryResult(String processor, int handled, int remaining) {
    }

    List<DeadLetter> deadLetters(String processor);

    /** Retries every parked sequence of the processor (all processors when {@code null}), oldest first. */
    List<RetryResult> retry(String processor);
}
