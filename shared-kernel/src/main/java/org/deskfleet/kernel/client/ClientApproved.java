package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An operator approved a quarantined phone: from now on it is a client like any other (selections, jobs,
 * configuration). {@code identity} is what it claimed when it was quarantined; policies treat the approval as
 * its first start-up.
 */
@Revision("1")
public record ClientApproved(String deviceId, ClientIdentity identity, String actor, String reason, Instant at)
        implements ClientEvent {
}
