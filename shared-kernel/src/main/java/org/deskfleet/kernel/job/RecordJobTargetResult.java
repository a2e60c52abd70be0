package org.deskfleet.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The WPI adapter ran the job on one phone and tells what it saw. */
public record RecordJobTargetResult(@TargetAggregateIdentifier String jobId, String deviceId, TargetResult result,
                                    Instant at) {
}
