package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/** Register an account; without a password it starts with the initial one and must change it at first sign-in. */
public record CreateAccount(@TargetAggregateIdentifier String accountId, String userName, Language language, String email, Set<Role> roles, String password, String actor, Instant at) {

    /** Passwords and codes never reach a log. */
    @Override
    public String toString() {
        return "CreateAccount[" + "accountId=" + accountId + ", " + "userName=" + userName + ", " + "language=" + language + ", " + "email=" + email + ", " + "roles=" + roles + ", " + "password=***" + ", " + "actor=" + actor + ", " + "at=" + at + "]";
    }
}
