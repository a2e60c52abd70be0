package org.deskfleet.kernel.client;

import java.time.Instant;

/** The client was deleted by an operator; its history stays in the event store. */
public record ClientDeleted(String deviceId, String actor, Instant at) implements ClientEvent {
}
