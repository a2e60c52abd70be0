package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask whether the user can be logged on at a phone now and, if so, what the phone must get: answered with
 * {@link LogonGrant}, records nothing. A logon job asks it just before it writes the user's values to the
 * phone; the logon itself ({@link LogOnMobileUser}) is recorded only once the phone accepted them.
 */
public record PrepareMobileUserLogon(@TargetAggregateIdentifier String e164, String deviceId) {
}
