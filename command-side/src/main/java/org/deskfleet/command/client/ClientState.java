package org.deskfleet.command.client;

import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.configuration.ParameterChange;

import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

import java.time.Instant;
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

    /**
     * Persistent collections: the next state shares all but what an event changed. Copying the log and the maps
     * at every event made a replay cost the square of a phone's history (the log grows with every change ever
     * made). A snapshot read back gives plain collections: they are taken over here once.
     */
    public ClientState {
        items = items instanceof PMap<String, Item> p ? p : HashTreePMap.from(items);
        desired = desired instanceof PMap<String, String> p ? p : HashTreePMap.from(desired);
        desiredLog = desiredLog instanceof PVector<DesiredEntry> p ? p : TreePVector.from(desiredLog);
    }

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
        PMap<String, Item> next = (PMap<String, Item>) items;
        for (ItemChange c : changes) {
            next = c.removed() ? next.minus(c.key()) : next.plus(c.key(), new Item(c.name(), c.index(), c.newValue(), c.status()));
        }
        return new ClientState(deviceId, identity, next, inventoryComplete, secureMode, desired, desiredLog, accessMode, quarantined);
    }

    ClientState withDesired(List<ParameterChange> changes, Instant at) {
        PMap<String, String> next = (PMap<String, String>) desired;
        PVector<DesiredEntry> log = (PVector<DesiredEntry>) desiredLog;
        for (ParameterChange c : changes) {
            next = c.newValue() == null ? next.minus(c.slot()) : next.plus(c.slot(), c.newValue());
            log = log.plus(new DesiredEntry(at, c.slot(), c.parameter(), c.index(), c.newValue(), c.secret()));
        }
        return new ClientState(deviceId, identity, items, inventoryComplete, secureMode, next, log, accessMode, quarantined);
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
