package org.deskfleet.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a job (OSEM: jobs can be deleted; an active one stops being delivered). */
public record DeleteJob(@TargetAggregateIdentifier String jobId, String actor, Instant at) {
}
