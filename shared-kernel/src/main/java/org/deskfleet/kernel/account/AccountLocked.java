package org.deskfleet.kernel.account;

import java.time.Instant;

/** Too many failed sign-ins in a row: none accepted until then. */
public record AccountLocked(String accountId, Instant until, int failuresInARow, Instant at) implements AccountEvent {
}
