package org.deskfleet.kernel.client;

/**
 * Query: one client by device id; answered with a {@link ClientView} or null. The flags say which parts the
 * answer needs beyond the phone's identity: its reported items, its desired values, its last contact (another
 * collection). A phone's document holds about 150 items, and a reader that asks only for its identity or its
 * history should not pay for reading and converting them; a view without a part has empty lists (no contact).
 */
public record FindClient(String deviceId, boolean withItems, boolean withDesired, boolean withLastContact) {

    /** The whole client. */
    public FindClient(String deviceId) {
        this(deviceId, true, true, true);
    }
}
