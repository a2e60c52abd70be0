package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/** The phone took the job; its result shows at the next start-up (restart, reset, software). */
@Revision("1")
public record JobTargetDelivered(String jobId, String deviceId, TargetResult result, Instant at) implements JobEvent {
}
