package org.deskfleet.kernel.mobility;

import java.time.Instant;
import java.util.List;

/**
 * The user's profile (the phone's {@code userdata-*} files, base64 as the phone sends them) as read from
 * the phone the user logged off at. Replaces the items it names; {@code size} is the whole profile's size
 * in bytes afterwards (decoded), as OSEM's "Profile size" shows it.
 */
public record MobileUserProfileStored(String e164, String deviceId, List<ProfileItem> items, long size, Instant at)
        implements MobileUserEvent {

    public MobileUserProfileStored {
        items = List.copyOf(items);
    }
}
