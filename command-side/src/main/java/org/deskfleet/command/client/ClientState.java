package org.deskfleet.command.client;

import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.configuration.ParameterChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Client aggregate must remember to decide: identity, the last reported value of every item
 * (secret ones sealed), the desired parameter values set for it (secret ones encrypted), and the log of
 * desired changes, which a revert to an earlier time needs. Immutable; {@link ClientDecider#evolve} makes
 * the next one.
 *
 * @param desired    desired value per parameter slot ({@code key} or {@code key#index})
 * @param desiredLog every desired change in order, for reverts
 */
public record ClientState(String deviceId, ClientIdentity identity, Map<String, Item> items, boolean inventoryComplete,
                          boolean secureMode, Map<String, String> desired, List<DesiredEntry> desiredLog,
                          AccessMode accessMode, boolean quarantined) {

    public static final ClientState INITIAL = new ClientState(null, ClientIdentity.EMPTY, Map.of(), false, false,
            Map.of(), List.of(), AccessMode.DIRECT, false);

    public record Item(String name, Integer index, String value, String status) {
    }

    /** One desired change of one slot at one time. */
    public record DesiredEntry(Instant at, String slot, String parameter, Integer index, String value, boolean secret) {
    }

    public boolean exists() {
        return deviceId != null;
    }

    ClientState registered(String id, ClientIdentity identity) {
        return new ClientState(id, identity, Map.of(), false, false, Map.of(), List.of(), AccessMode.DIRECT, false);
    }

    /** Known, but given nothing and in no selection until approved. */
    ClientState quarantined(String id, ClientIdentity identity) {
        return new ClientState(id, identity, Map.of(), false, false, Map.of(), List.of(), AccessMode.DIRECT, true);
    }

    ClientState approved() {
        return new ClientState(deviceId, identity, items, inventoryComplete, secureMode, desired, desiredLog, accessMode, false);
    }

    ClientState withIdentity(ClientIdentity next) {
        return new ClientState(deviceId, next, items, inventoryComplete, secureMode, desired, desiredLog, accessMode, quarantined);
    }

    ClientState withInventoryComplete() {
        return new ClientState(deviceId, identity, items, true, secureMode, desired, desiredLog, accessMode, quarantined);
    }

    ClientState inSecureMode() {
        return new ClientState(deviceId, identity, items, inventoryComplete, true, desired, desiredLog, accessMode, quarantined);
    }

    ClientState withAccessMode(AccessMode mode) {
        return new ClientState(deviceId, identity, items, inventoryComplete, secureMode, desired, desiredLog, mode, quarantined);
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
        return new ClientState(deviceId, identity, Collections.unmodifiableMap(next), inventoryComplete, secureMode,
                desired, desiredLog, accessMode, quarantined);
    }

    ClientState withDesired(List<ParameterChange> changes, Instant at) {
        Map<String, String> next = new HashMap<>(desired);
        List<DesiredEntry> log = new ArrayList<>(desiredLog);
        for (ParameterChange c : changes) {
            if (c.newValue() == null) {
                next.remove(c.slot());
            } else {
                next.put(c.slot(), c.newValue());
            }
            log.add(new DesiredEntry(at, c.slot(), c.parameter(), c.index(), c.newValue(), c.secret()));
        }
        return new ClientState(deviceId, identity, items, inventoryComplete, secureMode,
                Collections.unmodifiableMap(next), List.copyOf(log), accessMode, quarantined);
    }

    /** Whether the slot's desired value was changed after this time. */
    boolean changedAfter(String slot, Instant at) {
        for (int i = desiredLog.size() - 1; i >= 0; i--) {
            DesiredEntry e = desiredLog.get(i);
            if (e.slot().equals(slot)) {
                return e.at().isAfter(at);
            }
        }
        return false;
    }

    /** The desired values as they were at a time: the log folded up to it. */
    Map<String, DesiredEntry> desiredAt(Instant at) {
        Map<String, DesiredEntry> state = new HashMap<>();
        for (DesiredEntry e : desiredLog) {
            if (e.at().isAfter(at)) {
                break;
            }
            if (e.value() == null) {
                state.remove(e.slot());
            } else {
                state.put(e.slot(), e);
            }
        }
        return state;
    }
}
