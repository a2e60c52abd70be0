package org.deskfleet.command.account;

import java.time.Duration;
import java.time.Instant;

/**
 * Lock-out after failed sign-ins: after {@code maxFailures} in a row no sign-in is accepted for
 * {@code firstLock}, doubling with every further lock-out up to {@code longestLock}; a success resets both.
 */
public record SignInPolicy(int maxFailures, Duration firstLock, Duration longestLock) {

    public static final SignInPolicy DEFAULT = new SignInPolicy(5, Duration.ofMinutes(1), Duration.ofHours(1));

    public SignInPolicy {
        if (maxFailures < 1 || firstLock.isNegative() || longestLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException("lock-out: max failures >= 1 and first lock <= longest lock");
        }
    }

    Instant lockedUntil(Instant now, int previousLocks) {
        Duration d = firstLock;
        for (int i = 0; i < previousLocks && d.compareTo(longestLock) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return now.plus(d.compareTo(longestLock) > 0 ? longestLock : d);
    }
}
