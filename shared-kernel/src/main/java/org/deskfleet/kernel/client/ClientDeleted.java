package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/** The client was deleted by an operator; its history stays in the event store. */
@Revision("1")
public record ClientDeleted(String deviceId, String actor, Instant at) implements ClientEvent {
}
