package org.deskfleet.kernel.client;

/**
 * Query: one client by device id; answered with a {@link ClientView} or null. {@code withItems} and
 * {@code withDesired} say whether the answer needs the phone's reported items and desired values: a phone's
 * document holds about 150 items, and a reader that asks only for its identity or its history should not pay for
 * reading and converting them (a view without them has empty lists).
 */
public record FindClient(String deviceId, boolean withItems, boolean withDesired) {

    /** The whole client, items and desired values included. */
    public FindClient(String deviceId) {
        this(deviceId, true, true);
    }
}
