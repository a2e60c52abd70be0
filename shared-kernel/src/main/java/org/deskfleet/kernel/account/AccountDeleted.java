package org.deskfleet.kernel.account;

import java.time.Instant;

/** An account was deleted. */
public record AccountDeleted(String accountId, String actor, Instant at) implements AccountEvent {
}
