package org.deskfleet.kernel.fleet;

import java.time.Instant;

public record PlugAndPlayClientCreated(String reservationId, String deviceId, String e164, String deviceType,
                                       boolean secureMode, String templateId, String actor, Instant at) implements PlugAndPlayEvent {
}
