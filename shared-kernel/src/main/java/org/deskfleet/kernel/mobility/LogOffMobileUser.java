package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;
import java.util.List;

/**
 * Log the user off. {@code deviceId}: the phone it happens at; it must be the one the user is logged on at
 * (null: wherever that is). {@code profile}: the user-data files read from the phone, stored as the user's
 * new profile (empty: the profile stays as it is). {@code correlationId}: the job that did it.
 */
public record LogOffMobileUser(@TargetAggregateIdentifier String e164, String deviceId, List<ProfileItem> profile,
                               ChangeSource source, String actor, String reason, Instant at, String correlationId) {

    /** Without a correlation (not done by a job). */
    public LogOffMobileUser(String e164, String deviceId, List<ProfileItem> profile, ChangeSource source, String actor,
                            String reason, Instant at) {
        this(e164, deviceId, profile, source, actor, reason, at, null);
    }

    public LogOffMobileUser {
        profile = profile == null ? List.of() : List.copyOf(profile);
    }
}
