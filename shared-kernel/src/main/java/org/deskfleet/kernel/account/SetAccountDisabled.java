package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Disable (no sign-in, sessions end) or enable an account. */
public record SetAccountDisabled(@TargetAggregateIdentifier String accountId, boolean disabled, String actor, Instant at) {
}
