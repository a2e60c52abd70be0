package org.deskfleet.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The target's phone was asked to call in; recorded only if the target was pending. */
public record RecordJobTargetContacted(@TargetAggregateIdentifier String jobId, String deviceId, ContactChannel channel,
                                       Instant at) {
}
