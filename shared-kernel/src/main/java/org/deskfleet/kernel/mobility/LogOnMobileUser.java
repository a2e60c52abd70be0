package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/**
 * Log the user on at a phone. From the phone (source PHONE) {@code password} is what was typed there and
 * must match; an operator (source ADMIN) needs none. Answered with {@link LogonGrant}.
 */
public record LogOnMobileUser(@TargetAggregateIdentifier String e164, String deviceId, String password,
                              ChangeSource source, String actor, String reason, Instant at) {

    @Override
    public String toString() {
        return "LogOnMobileUser[e164=" + e164 + ", deviceId=" + deviceId + ", password=" + (password == null ? "none" : "****")
                + ", source=" + source + ", actor=" + actor + "]";
    }
}
