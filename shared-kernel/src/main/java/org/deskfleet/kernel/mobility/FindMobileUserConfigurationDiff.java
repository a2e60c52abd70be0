package org.deskfleet.kernel.mobility;

import java.time.Instant;

/** Query: what differs in a mobile user's values between two times. */
public record FindMobileUserConfigurationDiff(String e164, Instant from, Instant to) {
}
