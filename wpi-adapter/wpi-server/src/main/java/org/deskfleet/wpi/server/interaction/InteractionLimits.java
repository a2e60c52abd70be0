package org.deskfleet.wpi.server.interaction;

import java.time.Duration;

/**
 * How much of the server phones (and whoever pretends to be one) may hold.
 *
 * @param total              interactions open at once (being started or awaiting a reply); beyond it a
 *                           phone is told {@code overload} and retries, as with the commercial DLS
 * @param perAddress         of those, held by one source address at most
 * @param firstReplyDeadline an interaction whose phone has not answered once by then is dropped
 * @param maxBytes           characters of item names and values gathered in one interaction (fragments
 *                           of one answer, or what a job's answers report), so one event stays bounded
 * @param secretsOnlyInSecureMode a job carrying secret values fails for a phone in default mode instead of
 *                           sending them: default mode proves nothing about who is at the other end
 */
public record InteractionLimits(int total, int perAddress, Duration firstReplyDeadline, long maxBytes,
                                boolean secretsOnlyInSecureMode) {

    public static final InteractionLimits DEFAULT = new InteractionLimits(512, 64, Duration.ofSeconds(20), 1 << 20,
            false);

    public InteractionLimits(int total, int perAddress, Duration firstReplyDeadline) {
        this(total, perAddress, firstReplyDeadline, DEFAULT.maxBytes(), false);
    }

    public InteractionLimits {
        if (total <= 0 || perAddress <= 0 || maxBytes <= 0 || firstReplyDeadline == null
                || firstReplyDeadline.isNegative() || firstReplyDeadline.isZero()) {
            throw new IllegalArgumentException("interaction limits must be positive");
        }
    }
}
