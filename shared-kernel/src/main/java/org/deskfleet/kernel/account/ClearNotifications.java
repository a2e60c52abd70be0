package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Remove the notifications up to a time from the feed. */
public record ClearNotifications(@TargetAggregateIdentifier String accountId, Instant upTo, String actor, Instant at) {
}
