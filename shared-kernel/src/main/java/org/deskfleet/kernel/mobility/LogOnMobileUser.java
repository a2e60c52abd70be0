package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/**
 * Log the user on at a phone. From the phone (source PHONE) {@code password} is what was typed there and
 * must match; an operator (source ADMIN) needs none. Answered with {@link LogonGrant}. With
 * {@code forcedLogoffSeconds} (the system's forced-logoff interval, OSEM 13.5) the user is logged off by
 * the system that long after the logon unless logged off before. {@code correlationId}: the job that did it.
 */
public record LogOnMobileUser(@TargetAggregateIdentifier String e164, String deviceId, String password,
                              ChangeSource source, String actor, String reason, Instant at, Long forcedLogoffSeconds,
                              String correlationId) {

    /** Without a correlation (not done by a job). */
    public LogOnMobileUser(String e164, String deviceId, String password, ChangeSource source, String actor, String reason,
                           Instant at, Long forcedLogoffSeconds) {
        this(e164, deviceId, password, source, actor, reason, at, forcedLogoffSeconds, null);
    }

    /** Without a forced logoff (the system setting is not set). */
    public LogOnMobileUser(String e164, String deviceId, String password, ChangeSource source, String actor, String reason,
                           Instant at) {
        this(e164, deviceId, password, source, actor, reason, at, null, null);
    }

    @Override
    public String toString() {
        return "LogOnMobileUser[e164=" + e164 + ", deviceId=" + deviceId + ", password=" + (password == null ? "none" : "****")
                + ", source=" + source + ", actor=" + actor + "]";
    }
}
