package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/** A target could not take the job now; it stays pending and is tried again. */
@Revision("1")
public record JobTargetDeferred(String jobId, String deviceId, String reason, int attempts, Instant at)
        implements JobEvent {
}
