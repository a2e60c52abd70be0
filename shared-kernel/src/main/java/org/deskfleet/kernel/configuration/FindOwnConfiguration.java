package org.deskfleet.kernel.configuration;

/**
 * Query: a client's effective configuration without the MOBILE_USER layer: what the phone has of its own,
 * which it gets back when a mobile user logs off there.
 */
public record FindOwnConfiguration(String deviceId) {
}
