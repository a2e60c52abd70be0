package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Check a password (and a TOTP code once MFA is on) and start a session that ends at expiresAt. */
public record SignIn(@TargetAggregateIdentifier String accountId, String password, String totpCode, String sessionId, boolean keepLoggedIn, String userAgent, Instant expiresAt, Instant at) {

    /** Passwords and codes never reach a log. */
    @Override
    public String toString() {
        return "SignIn[" + "accountId=" + accountId + ", " + "password=***" + ", " + "totpCode=***" + ", " + "sessionId=" + sessionId + ", " + "keepLoggedIn=" + keepLoggedIn + ", " + "userAgent=" + userAgent + ", " + "expiresAt=" + expiresAt + ", " + "at=" + at + "]";
    }
}
