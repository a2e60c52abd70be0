package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Generate a new TOTP secret; MFA applies once a code from it is confirmed. */
public record StartMfaEnrollment(@TargetAggregateIdentifier String accountId, String actor, Instant at) {
}
