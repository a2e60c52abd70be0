package org.deskfleet.api.admin;

import org.deskfleet.kernel.maintenance.DeadLetter;
import org.deskfleet.kernel.maintenance.RetryResult;

import java.util.List;

/**
 * What the admin API needs of the parked events (a port of the API; the read side's dead-letter administration
 * answers it, joined in the wiring): shown here, retried on demand.
 */
public interface DeadLetterMaintenance {

    List<DeadLetter> deadLetters(String processor);

    /** Retries every parked sequence of the processor (all processors when {@code null}), oldest first. */
    List<RetryResult> retry(String processor);
}
