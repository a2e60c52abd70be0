package org.deskfleet.kernel.job;

import java.time.Instant;

/** The phone took the job; its result shows at the next start-up (restart, reset, software). */
public record JobTargetDelivered(String jobId, String deviceId, TargetResult result, Instant at) implements JobEvent {
}
