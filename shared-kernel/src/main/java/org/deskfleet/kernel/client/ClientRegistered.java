package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/** A phone was seen for the first time. */
@Revision("1")
public record ClientRegistered(String deviceId, ClientIdentity identity, ContactReason reason,
                               ChangeSource source, Instant at) implements ClientEvent {
}
