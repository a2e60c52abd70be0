package org.deskfleet.kernel.mobility;

import java.time.Instant;

/** The user is gone: secrets shredded, profile and settings forgotten; the number can be registered anew. */
public record MobileUserDeleted(String e164, String actor, String reason, Instant at) implements MobileUserEvent {
}
