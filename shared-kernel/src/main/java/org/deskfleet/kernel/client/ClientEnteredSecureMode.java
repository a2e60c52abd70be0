package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/**
 * The phone came in over mutual TLS with its device certificate: bootstrapping worked, and from now on it
 * is served on the secure port only (wpi-protocol §9.2).
 */
@Revision("1")
public record ClientEnteredSecureMode(String deviceId, Instant at) implements ClientEvent {
}
