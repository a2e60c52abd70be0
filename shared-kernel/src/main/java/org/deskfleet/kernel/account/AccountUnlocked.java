package org.deskfleet.kernel.account;

import java.time.Instant;

/** An administrator lifted a lock-out. */
public record AccountUnlocked(String accountId, String actor, Instant at) implements AccountEvent {
}
