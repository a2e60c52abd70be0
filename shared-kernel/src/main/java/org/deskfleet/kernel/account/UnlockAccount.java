package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Lift a lock-out after failed sign-ins. */
public record UnlockAccount(@TargetAggregateIdentifier String accountId, String actor, Instant at) {
}
