package org.deskfleet.kernel.mobility;

import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/**
 * The user left the phone: by the user (PHONE), an operator (ADMIN) or because the forced-logoff interval
 * of the system settings ran out (SYSTEM).
 */
public record MobileUserLoggedOff(String e164, String deviceId, ChangeSource source, String actor, String reason,
                                  Instant at, String correlationId) implements MobileUserEvent {

    /** Without a correlation (events recorded before jobs did logoffs carry none). */
    public MobileUserLoggedOff(String e164, String deviceId, ChangeSource source, String actor, String reason, Instant at) {
        this(e164, deviceId, source, actor, reason, at, null);
    }
}
