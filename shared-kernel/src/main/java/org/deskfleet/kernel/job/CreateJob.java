package org.deskfleet.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Create a job for resolved targets (a filter is resolved by the caller, at creation, as OSEM does).
 *
 * @param plannedAt when to start; null starts at once; a time in the past is refused
 * @param timeout   a target that has not finished this long after the start ends {@code TIMEOUT}
 * @param lifetime  the job is deleted this long after it ended
 */
public record CreateJob(@TargetAggregateIdentifier String jobId, JobSpec spec, List<JobTarget> targets,
                        Instant plannedAt, Duration timeout, Duration lifetime, String initiator, String reason,
                        Instant at) {

    public CreateJob {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
