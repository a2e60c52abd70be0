package org.deskfleet.kernel.account;

import java.time.Instant;

/** An account was disabled (disabled = true) or enabled again. */
public record AccountDisabled(String accountId, boolean disabled, String actor, Instant at) implements AccountEvent {
}
