package org.deskfleet.kernel.mobility;

import org.deskfleet.kernel.InvalidInput;

import java.util.Base64;
import java.util.List;

/**
 * One user-data file of a mobile user's profile: a {@code userdata-*} WPI item and its value, base64 of the
 * file as the phone keeps it. Checked on the way in: a known name, base64 that decodes, under {@link #MAX_BYTES}.
 */
public record ProfileItem(String name, String value) {

    /** The user-data items phones exchange at logon and logoff (their {@code requested-items} / {@code modified-items}). */
    public static final List<String> NAMES = List.of("userdata-vu1", "userdata-call-log", "userdata-ring-tone",
            "userdata-phonebook", "userdata-call-group", "userdata-voice-record", "userdata-picture",
            "userdata-ring-tone-mp3", "userdata-screensaver", "userdata-ldap");

    /** Decoded bytes one user-data file may have; larger ones are refused rather than stored. */
    public static final int MAX_BYTES = 256 * 1024;

    public ProfileItem {
        if (name == null || !NAMES.contains(name)) {
            throw new InvalidInput("'" + name + "' is not a user-data item; one of " + String.join(", ", NAMES));
        }
        value = value == null ? "" : value.strip();
        // Four base64 characters carry three bytes: refuse before decoding anything huge.
        if ((long) value.length() * 3 / 4 > MAX_BYTES) {
            throw new InvalidInput(name + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(name + " is not base64: " + e.getMessage());
        }
    }

    /** The file's size in bytes. */
    public long size() {
        return Base64.getDecoder().decode(value).length;
    }
}
