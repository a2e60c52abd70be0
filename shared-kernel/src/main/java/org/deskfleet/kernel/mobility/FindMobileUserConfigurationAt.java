package org.deskfleet.kernel.mobility;

import java.time.Instant;

/** Query: every value of a mobile user as it stood at a time. */
public record FindMobileUserConfigurationAt(String e164, Instant at) {
}
