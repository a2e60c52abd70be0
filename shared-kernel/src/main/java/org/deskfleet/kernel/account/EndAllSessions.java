package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** End every open session of the account. */
public record EndAllSessions(@TargetAggregateIdentifier String accountId, String actor, Instant at) {
}
