package org.deskfleet.kernel.fleet;

import java.time.Instant;

/** A Plug&amp;Play client as the read side shows it; {@code claimedBy} is the phone that took it, null while open. */
public record PlugAndPlayView(String reservationId, String deviceId, String e164, String deviceType, boolean secureMode,
                              String templateId, String claimedBy, Instant createdAt, Instant claimedAt) {
}
