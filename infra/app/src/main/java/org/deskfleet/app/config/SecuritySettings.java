package org.deskfleet.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code deskfleet.security} (OSEM 13.10 and the account rules), all with defaults.
 *
 * @param tokenAlgorithm   signs session and refresh tokens: HS256, HS512, RS256, RS512 or ES256
 * @param totpAlgorithm    TOTP hash for new MFA enrolments: SHA256, or SHA1 for apps that know no other
 * @param sessionToken     life of a session token (refreshed with the refresh token)
 * @param session          life of a session (its refresh token); {@code keepLoggedIn} with "keep me logged in"
 * @param maxFailedLogins  failed sign-ins in a row before a lock-out
 * @param firstLock        the first lock-out; each further one doubles, up to {@code longestLock}
 * @param argon2MemoryKib  Argon2id cost: memory per hash (KiB), iterations, lanes. The defaults are OWASP's
 *                         minimum for Argon2id (19 MiB, 2 iterations, 1 lane): tens of milliseconds per
 *                         sign-in here, so guessing offline from a stolen event store is slow and online
 *                         guessing is bounded by the lock-out.
 */
@ConfigurationProperties("deskfleet.security")
public record SecuritySettings(@DefaultValue("HS256") String tokenAlgorithm,
                               @DefaultValue("SHA256") String totpAlgorithm,
                               @DefaultValue("15m") Duration sessionToken,
                               @DefaultValue("12h") Duration session,
                               @DefaultValue("30d") Duration keepLoggedIn,
                               @DefaultValue("5") int maxFailedLogins,
                               @DefaultValue("1m") Duration firstLock,
                               @DefaultValue("1h") Duration longestLock,
                               @DefaultValue("19456") int argon2MemoryKib,
                               @DefaultValue("2") int argon2Iterations,
                               @DefaultValue("1") int argon2Parallelism) {
}
