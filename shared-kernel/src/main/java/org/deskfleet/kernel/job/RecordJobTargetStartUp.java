package org.deskfleet.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A target awaiting its restart came back with start-up, reporting this software version. */
public record RecordJobTargetStartUp(@TargetAggregateIdentifier String jobId, String deviceId, String softwareVersion,
                                     Instant at) {
}
