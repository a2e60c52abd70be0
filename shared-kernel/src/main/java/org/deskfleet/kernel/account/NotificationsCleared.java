package org.deskfleet.kernel.account;

import java.time.Instant;

/** Notifications up to a time were cleared from the feed. */
public record NotificationsCleared(String accountId, Instant upTo, String actor, Instant at) implements AccountEvent {
}
