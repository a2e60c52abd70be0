package org.deskfleet.kernel.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A job was created for these targets, to start at {@code plannedAt}. */
public record JobCreated(String jobId, JobSpec spec, List<JobTarget> targets, Instant plannedAt, Duration timeout,
                         Duration lifetime, String initiator, String reason, Instant at) implements JobEvent {
}
