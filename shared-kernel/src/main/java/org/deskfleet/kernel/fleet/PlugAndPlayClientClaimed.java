package org.deskfleet.kernel.fleet;

import java.time.Instant;

/** The phone that took the reservation at its first start-up. */
public record PlugAndPlayClientClaimed(String reservationId, String deviceId, Instant at) implements PlugAndPlayEvent {
}
