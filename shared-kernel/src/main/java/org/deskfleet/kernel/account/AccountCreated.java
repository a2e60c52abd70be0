package org.deskfleet.kernel.account;

import java.time.Instant;
import java.util.Set;

/** An account was registered (the password as an Argon2 hash). */
public record AccountCreated(String accountId, String userName, Language language, String email, Set<Role> roles, String passwordHash, boolean mustChangePassword, String actor, Instant at) implements AccountEvent {
}
