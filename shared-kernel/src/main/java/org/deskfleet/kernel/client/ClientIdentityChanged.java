package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;

import java.time.Instant;
import java.util.List;

/**
 * Identity items changed (e164, device-type, software-type, software-version, contact-me-uri, ip-address),
 * each with old and new value; {@code identity} is the whole identity after the change.
 */
@Revision("1")
public record ClientIdentityChanged(String deviceId, List<ItemChange> changes, ClientIdentity identity,
                                    ContactReason reason, ChangeSource source, Instant at) implements ClientEvent {
}
