package org.deskfleet.kernel.account;

import java.time.Instant;

/** MFA was switched off. */
public record MfaDisabled(String accountId, String actor, Instant at) implements AccountEvent {
}
