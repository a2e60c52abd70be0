package org.deskfleet.kernel.job;

import java.time.Instant;

/** An interaction took the job to the target's phone. */
public record JobTargetServing(String jobId, String deviceId, Instant at) implements JobEvent {
}
