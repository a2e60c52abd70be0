package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/**
 * A phone never seen before called in while unknown phones are quarantined: it is recorded with the identity it
 * claimed (nothing it says is proven) and given nothing until an operator approves it.
 */
@Revision("1")
public record ClientQuarantined(String deviceId, ClientIdentity identity, ContactReason reason,
                                ChangeSource source, Instant at) implements ClientEvent {
}
