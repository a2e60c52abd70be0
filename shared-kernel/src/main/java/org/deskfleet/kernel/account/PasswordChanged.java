package org.deskfleet.kernel.account;

import java.time.Instant;

/** A new password hash; mustChangePassword when an administrator reset it. */
public record PasswordChanged(String accountId, String passwordHash, boolean mustChangePassword, String actor, Instant at) implements AccountEvent {
}
