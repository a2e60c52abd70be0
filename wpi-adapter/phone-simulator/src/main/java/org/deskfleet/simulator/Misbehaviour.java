package org.deskfleet.simulator;

import java.util.Locale;

/**
 * Deliberately broken phone behaviour, to check that the service stays consistent when phones misbehave.
 * Applies to the phone's replies, i.e. after the service's first action, never to the first message.
 */
public enum Misbehaviour {
    /** A well-behaved phone. */
    NONE,
    /** Waits {@link SimulatedPhone#slowReplyDelay()} before each reply. */
    SLOW,
    /** Closes the connection after the service's first action instead of replying. */
    DROP,
    /** Replies with a truncated, unreadable body. */
    MALFORMED;

    /** Command-line spelling: {@code none}, {@code slow}, {@code drop}, {@code malformed}. */
    public static Misbehaviour fromOption(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("misbehaviour must be slow, drop or malformed, not '" + text + "'");
        }
    }
}
