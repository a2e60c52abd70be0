package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The account holder sets a new password, proving the current one. */
public record ChangePassword(@TargetAggregateIdentifier String accountId, String oldPassword, String newPassword, String actor, Instant at) {

    /** Passwords and codes never reach a log. */
    @Override
    public String toString() {
        return "ChangePassword[" + "accountId=" + accountId + ", " + "oldPassword=***" + ", " + "newPassword=***" + ", " + "actor=" + actor + ", " + "at=" + at + "]";
    }
}
