package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * An operator's logon (at {@code deviceId}) or logoff of a user, done at {@code plannedAt} by a persistent
 * deadline, so it happens after a restart too.
 */
public record PlanMobilityAction(@TargetAggregateIdentifier String e164, MobilityAction action, String deviceId,
                                 Instant plannedAt, String actor, String reason, Instant at) {
}
