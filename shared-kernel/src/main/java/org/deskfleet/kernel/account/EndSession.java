package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** End one session of the account (sign-out, or ended from the session list). */
public record EndSession(@TargetAggregateIdentifier String accountId, String sessionId, String actor, Instant at) {
}
