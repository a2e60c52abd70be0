package org.deskfleet.command.account;

import org.deskfleet.kernel.account.Language;
import org.deskfleet.kernel.account.Role;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the Account aggregate decides on. {@code sessions} holds the open sessions and their expiry;
 * {@code failuresInARow} and {@code locks} drive the lock-out, {@code lastTotpStep} refuses a code twice.
 */
public record AccountState(String accountId, String userName, Language language, String email, Set<Role> roles,
                           String passwordHash, boolean mustChangePassword,
                           int failedLogins, Instant lastFailure, int failuresInARow, int locks, Instant lockedUntil,
                           String mfaSecret, String pendingMfaSecret, String mfaAlgorithm, long lastTotpStep,
                           boolean disabled, boolean deleted, Map<String, Instant> sessions,
                           Instant notificationsReadUpTo, Instant notificationsClearedUpTo) {

    public static final AccountState INITIAL = new AccountState(null, null, null, null, Set.of(), null, false,
            0, null, 0, 0, null, null, null, null, -1, false, false, Map.of(), null, null);

    public boolean exists() {
        return accountId != null && !deleted;
    }

    public boolean mfaEnabled() {
        return mfaSecret != null;
    }

    /** Open sessions at a time (expired ones are gone by themselves). */
    Map<String, Instant> openSessions(Instant now) {
        return Map.copyOf(sessions.entrySet().stream().filter(e -> e.getValue().isAfter(now))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
