package org.deskfleet.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An interaction took the job to the phone; recorded only if the target was pending or contacted. */
public record RecordJobTargetServing(@TargetAggregateIdentifier String jobId, String deviceId, Instant at) {
}
