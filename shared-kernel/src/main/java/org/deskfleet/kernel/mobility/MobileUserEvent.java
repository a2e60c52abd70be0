package org.deskfleet.kernel.mobility;

import java.time.Instant;

/** Everything that happens to a mobile user; {@code e164} is the user's number and identity. */
public sealed interface MobileUserEvent permits MobileUserRegistered, MobileUserDeleted, MobileUserConfigurationChanged,
        MobileUserLoggedOn, MobileUserLoggedOff, MobileUserProfileStored, MobilityActionPlanned {

    String e164();

    Instant at();
}
