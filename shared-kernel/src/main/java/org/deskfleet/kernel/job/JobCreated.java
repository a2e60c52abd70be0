package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A job was created for these targets, to start at {@code plannedAt}. */
@Revision("1")
public record JobCreated(String jobId, JobSpec spec, List<JobTarget> targets, Instant plannedAt, Duration timeout,
                         Duration lifetime, String initiator, String reason, Instant at) implements JobEvent {
}
