package org.deskfleet.wpi.server.interaction;

import java.time.Instant;

/**
 * Notes that a phone made contact. Deliberately not an event: one per contact would fill the event store
 * with noise; the read model takes these in batches.
 */
public interface ContactRecorder {

    void contacted(String deviceId, Instant at, String remoteAddress);
}
