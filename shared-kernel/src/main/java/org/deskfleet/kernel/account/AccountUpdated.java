package org.deskfleet.kernel.account;

import java.time.Instant;
import java.util.Set;

/** E-mail, language or roles changed. */
public record AccountUpdated(String accountId, String email, Language language, Set<Role> roles, String actor, Instant at) implements AccountEvent {
}
