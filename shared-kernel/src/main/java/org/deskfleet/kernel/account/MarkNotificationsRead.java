package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Mark the notifications up to a time as read. */
public record MarkNotificationsRead(@TargetAggregateIdentifier String accountId, Instant upTo, String actor, Instant at) {
}
