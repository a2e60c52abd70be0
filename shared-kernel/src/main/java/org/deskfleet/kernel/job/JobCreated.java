package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A job was created for these targets, to start at {@code plannedAt}. A job of more than
 * {@link JobTargetsAdded#MAX_TARGETS} targets lists the first of them here and the others in
 * {@link JobTargetsAdded} events recorded with this one.
 */
@Revision("1")
public record JobCreated(String jobId, JobSpec spec, List<JobTarget> targets, Instant plannedAt, Duration timeout,
                         Duration lifetime, String initiator, String reason, Instant at) implements JobEvent {
}
