package org.deskfleet.kernel.mobility;

import org.deskfleet.kernel.configuration.ParameterValue;

import java.util.List;

/**
 * What a phone needs once the user is logged on there: the user's own parameter values (secrets in clear,
 * for delivery only: never stored or shown so) and the profile's user-data files.
 */
public record LogonGrant(String e164, String deviceId, List<ParameterValue> settings, List<ProfileItem> profile) {

    public LogonGrant {
        settings = List.copyOf(settings);
        profile = List.copyOf(profile);
    }

    @Override
    public String toString() {
        return "LogonGrant[e164=" + e164 + ", deviceId=" + deviceId + ", " + settings.size() + " settings, "
                + profile.size() + " profile items]";
    }
}
