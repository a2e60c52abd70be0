package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Switch MFA off (an administrator, e.g. when a phone with the authenticator is lost). */
public record DisableMfa(@TargetAggregateIdentifier String accountId, String actor, Instant at) {
}
