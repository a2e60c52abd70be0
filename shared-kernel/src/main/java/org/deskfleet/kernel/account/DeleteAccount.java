package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete an account: its sessions end and it can never sign in again. */
public record DeleteAccount(@TargetAggregateIdentifier String accountId, String actor, Instant at) {
}
