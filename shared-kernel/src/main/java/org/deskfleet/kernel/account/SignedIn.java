package org.deskfleet.kernel.account;

import java.time.Instant;

/** A session started. */
public record SignedIn(String accountId, String sessionId, String userAgent, boolean keepLoggedIn, Instant expiresAt, long totpStep, Instant at) implements AccountEvent {
}
