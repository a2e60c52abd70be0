package org.deskfleet.kernel.fleet;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * OSEM 4.1 Plug&amp;Play: a client created before its phone first calls, by device id (MAC) or by E164 only,
 * with its hardware type, the secure-mode choice and the template its first start-up gets.
 *
 * @param reservationId {@code mac:<device id>} or {@code e164:<number>}: one reservation per MAC or number
 */
public record CreatePlugAndPlayClient(@TargetAggregateIdentifier String reservationId, String deviceId, String e164,
                                      String deviceType, boolean secureMode, String templateId, String actor, Instant at) {

    public static String reservationOf(String deviceId, String e164) {
        return deviceId != null ? "mac:" + deviceId : "e164:" + e164;
    }
}
