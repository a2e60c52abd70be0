package org.deskfleet.kernel.account;

import java.time.Instant;

/** A session ended (sign-out, ended from the list, account disabled or deleted). */
public record SessionEnded(String accountId, String sessionId, String actor, Instant at) implements AccountEvent {
}
