package org.deskfleet.kernel.client;

/** Query: one client by device id; answered with a {@link ClientView} or null. */
public record FindClient(String deviceId) {
}
