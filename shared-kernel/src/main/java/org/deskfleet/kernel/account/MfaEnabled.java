package org.deskfleet.kernel.account;

import java.time.Instant;

/** The authenticator app proved it holds the secret: sign-in needs a code from now. */
public record MfaEnabled(String accountId, long totpStep, String actor, Instant at) implements AccountEvent {
}
