package org.deskfleet.kernel.account;

import java.time.Instant;

/** Notifications up to a time were read. */
public record NotificationsRead(String accountId, Instant upTo, String actor, Instant at) implements AccountEvent {
}
