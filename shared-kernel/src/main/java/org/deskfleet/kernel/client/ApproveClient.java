package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Approve a quarantined phone; an unknown device is refused, an already approved one is left as it is. */
public record ApproveClient(@TargetAggregateIdentifier String deviceId, String actor, String reason, Instant at) {
}
