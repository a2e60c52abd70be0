package org.deskfleet.simulator;

import java.time.Duration;

/**
 * How {@link PhoneSimulator} reacts to an overloaded service and guards against endless flows.
 *
 * @param maxOverloadRetries restarts after {@code cleanup-reason=overload} before giving up
 * @param minDelay           shortest pause before a restart
 * @param maxDelay           longest pause before a restart (uniformly spread between the two)
 * @param maxRoundTrips      round trips per attempt before the flow counts as runaway
 */
public record RetryPolicy(int maxOverloadRetries, Duration minDelay, Duration maxDelay, int maxRoundTrips) {

    /** 2 to 4 s like the vendor's load simulator (wpi-protocol §7.12), 5 retries, 64 round trips. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(4), 64);

    public RetryPolicy {
        if (maxOverloadRetries < 0 || maxRoundTrips < 1 || minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException("invalid retry policy");
        }
    }
}
