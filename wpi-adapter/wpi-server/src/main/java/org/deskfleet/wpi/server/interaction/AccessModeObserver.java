package org.deskfleet.wpi.server.interaction;

import java.time.Instant;

/**
 * What an interaction shows about how a phone reaches the service: it polls (it accepted the polling
 * settings this server wrote to it) or it is reached directly (it started up and was given none). Only an
 * interaction the phone carried through is evidence; a DCMP poll is not (anyone can send one).
 */
@FunctionalInterface
public interface AccessModeObserver {

    void observed(String deviceId, boolean polls, Instant at);

    AccessModeObserver NONE = (deviceId, polls, at) -> { };
}
