package org.deskfleet.kernel.mobility;

import java.time.Instant;

/** An operator planned a logon or logoff of the user for a later time. */
public record MobilityActionPlanned(String e164, MobilityAction action, String deviceId, Instant plannedAt, String actor,
                                    String reason, Instant at) implements MobileUserEvent {
}
