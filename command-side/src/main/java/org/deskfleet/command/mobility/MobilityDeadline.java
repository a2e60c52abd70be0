package org.deskfleet.command.mobility;

import org.deskfleet.kernel.mobility.MobilityAction;

import java.time.Instant;

/**
 * The payload of a mobile user's deadlines: a planned operator action, or the forced logoff of one logon
 * ({@code loggedOnAt} tells which: a later logon is not ended by an earlier one's deadline).
 */
public record MobilityDeadline(String e164, MobilityAction action, String deviceId, String actor, String reason,
                               Instant loggedOnAt, Long seconds) {
}
