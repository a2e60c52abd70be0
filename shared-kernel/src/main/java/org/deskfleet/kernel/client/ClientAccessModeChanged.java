package org.deskfleet.kernel.client;

import java.time.Instant;

public record ClientAccessModeChanged(String deviceId, AccessMode before, AccessMode after, Instant at) implements ClientEvent {
}
