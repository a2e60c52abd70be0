package org.deskfleet.kernel.job;

import java.time.Instant;

/** Everything that can happen to a Job; the switch over it in evolve() is exhaustive. */
public sealed interface JobEvent permits JobCreated, JobTargetsAdded, JobStarted, JobTargetContacted, JobTargetServing, JobTargetDeferred,
        JobTargetDelivered, JobTargetCompleted, JobCompleted, JobDeleted {
    String jobId();

    Instant at();
}
