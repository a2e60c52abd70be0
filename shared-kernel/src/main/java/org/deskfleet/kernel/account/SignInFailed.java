package org.deskfleet.kernel.account;

import java.time.Instant;

/** A sign-in was refused; failedLogins counts all refusals so far. */
public record SignInFailed(String accountId, SignInFailure reason, int failedLogins, Instant at) implements AccountEvent {
}
