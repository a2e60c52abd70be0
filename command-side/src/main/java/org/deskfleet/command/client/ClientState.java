package org.deskfleet.command.client;

import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientIdentity;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What the Client aggregate must remember to decide: its identity and the last known value of every item
 * (secret ones as sealed fingerprints). Immutable; {@link ClientDecider#evolve} makes the next one.
 */
public record ClientState(String deviceId, ClientIdentity identity, Map<String, Item> items, boolean inventoryComplete,
                          boolean secureMode) {

    public static final ClientState INITIAL = new ClientState(null, ClientIdentity.EMPTY, Map.of(), false, false);

    public record Item(String name, Integer index, String value, String status) {
    }

    public boolean exists() {
        return deviceId != null;
    }

    ClientState withChanges(Iterable<ItemChange> changes) {
        Map<String, Item> next = new HashMap<>(items);
        for (ItemChange c : changes) {
            if (c.removed()) {
                next.remove(c.key());
            } else {
                next.put(c.key(), new Item(c.name(), c.index(), c.newValue(), c.status()));
            }
        }
        return new ClientState(deviceId, identity, Collections.unmodifiableMap(next), inventoryComplete, secureMode);
    }
}
