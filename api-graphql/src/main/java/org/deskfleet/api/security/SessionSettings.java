package org.deskfleet.api.security;

import java.time.Duration;

/**
 * How long tokens live: the session token is short (a stolen one is useful briefly, and revocation is checked
 * on every request anyway); the refresh token lives as long as the session, longer with "keep me logged in".
 */
public record SessionSettings(Duration sessionToken, Duration session, Duration keepLoggedIn) {

    public static final SessionSettings DEFAULT = new SessionSettings(Duration.ofMinutes(15), Duration.ofHours(12), Duration.ofDays(30));
}
