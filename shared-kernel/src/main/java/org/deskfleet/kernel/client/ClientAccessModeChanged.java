package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import java.time.Instant;

@Revision("1")
public record ClientAccessModeChanged(String deviceId, AccessMode before, AccessMode after, Instant at) implements ClientEvent {
}
