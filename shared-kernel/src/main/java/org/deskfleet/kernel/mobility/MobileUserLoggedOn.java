package org.deskfleet.kernel.mobility;

import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/** The user is logged on at a phone: by the user at the phone (PHONE) or by an operator (ADMIN, a job). */
public record MobileUserLoggedOn(String e164, String deviceId, ChangeSource source, String actor, String reason,
                                 Instant at, String correlationId) implements MobileUserEvent {

    /** Without a correlation (events recorded before jobs did logons carry none). */
    public MobileUserLoggedOn(String e164, String deviceId, ChangeSource source, String actor, String reason, Instant at) {
        this(e164, deviceId, source, actor, reason, at, null);
    }
}
