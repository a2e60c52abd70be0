package org.deskfleet.kernel.fleet;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A phone's first start-up matched the reservation (by MAC, or by E164 when its MAC was not given). */
public record ClaimPlugAndPlayClient(@TargetAggregateIdentifier String reservationId, String deviceId, Instant at) {
}
