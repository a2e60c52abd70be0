package org.deskfleet.kernel.mobility;

import java.time.Instant;
import java.util.List;

/**
 * A mobile user as the read model shows it. Secrets are never in it: {@code configuration} marks secret
 * values as set without the value; the profile shows each user-data file's size, not its content.
 *
 * @param status     LOGGED_ON or LOGGED_OFF
 * @param loggedOnAt the device id the user is logged on at, null when logged off
 */
public record MobileUserView(String e164, String name, String status, String loggedOnAt, Instant lastLogin,
                             Instant lastLogout, Instant registeredAt, long profileSize, List<ProfileFile> profile,
                             List<Value> configuration) {

    public enum Status { LOGGED_ON, LOGGED_OFF }

    public MobileUserView {
        profile = profile == null ? List.of() : List.copyOf(profile);
        configuration = configuration == null ? List.of() : List.copyOf(configuration);
    }

    /** One user-data file of the profile: its item name, size in bytes, and when it was read from which phone. */
    public record ProfileFile(String name, long size, Instant storedAt, String deviceId) {
    }

    /** One of the user's own values (MOBILE_USER layer); {@code value} null for secrets. */
    public record Value(String parameter, Integer index, String value, boolean secret, String source, String actor,
                        Instant changedAt) {
    }
}
