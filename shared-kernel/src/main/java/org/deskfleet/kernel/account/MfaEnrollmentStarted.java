package org.deskfleet.kernel.account;

import java.time.Instant;

/** A TOTP secret was generated (encrypted under the account's data key), not yet confirmed. */
public record MfaEnrollmentStarted(String accountId, String encryptedSecret, String algorithm, String actor, Instant at) implements AccountEvent {
}
