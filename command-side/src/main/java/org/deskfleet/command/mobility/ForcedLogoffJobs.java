package org.deskfleet.command.mobility;

import java.time.Instant;

/**
 * Port: creates the logoff job of a forced logoff (OSEM 13.5) for the phone the user is logged on at, with
 * initiator SYSTEM. Implemented where jobs are created; the aggregate only says that it is due.
 */
@FunctionalInterface
public interface ForcedLogoffJobs {

    void logoff(String e164, String deviceId, String reason, Instant at);
}
