package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Prove the authenticator app holds the new secret: MFA is on from now. */
public record ConfirmMfa(@TargetAggregateIdentifier String accountId, String code, String actor, Instant at) {

    /** Passwords and codes never reach a log. */
    @Override
    public String toString() {
        return "ConfirmMfa[" + "accountId=" + accountId + ", " + "code=***" + ", " + "actor=" + actor + ", " + "at=" + at + "]";
    }
}
