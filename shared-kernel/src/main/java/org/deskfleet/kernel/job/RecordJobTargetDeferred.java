package org.deskfleet.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The phone could not take the job now (busy, unreachable, dropped the connection): it stays pending. */
public record RecordJobTargetDeferred(@TargetAggregateIdentifier String jobId, String deviceId, String reason,
                                      Instant at) {
}
