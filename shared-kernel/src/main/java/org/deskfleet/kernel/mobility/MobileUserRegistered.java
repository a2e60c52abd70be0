package org.deskfleet.kernel.mobility;

import java.time.Instant;

/**
 * A mobile user exists (OSEM chapter 5). {@code password} is ciphertext under the user's own data key
 * (kept outside the event store and shredded when the user is deleted), never clear text.
 */
public record MobileUserRegistered(String e164, String name, String password, String actor, String reason, Instant at)
        implements MobileUserEvent {
}
