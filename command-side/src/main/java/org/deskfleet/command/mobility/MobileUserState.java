package org.deskfleet.command.mobility;

import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the MobileUser aggregate must remember to decide: whether the user exists, the encrypted password,
 * the user's own parameter values with their log (for reverts), where the user is logged on, and the
 * profile's user-data files. Immutable; {@link MobileUserDecider#evolve} makes the next one.
 *
 * @param loggedOnAt the device id the user is logged on at; null when logged off
 */
public record MobileUserState(String e164, boolean registered, String name, String password,
                              Map<String, String> desired, List<DesiredEntry> desiredLog, String loggedOnAt,
                              Instant lastLogin, Instant lastLogout, Map<String, ProfileItem> profile) {

    /**
     * Persistent collections, as for a phone: the next state shares all but what an event changed, so a replay
     * costs the events, not the square of the user's history (the log grows with every change ever made).
     */
    public MobileUserState {
        desired = desired instanceof PMap<String, String> p ? p : HashTreePMap.from(desired);
        desiredLog = desiredLog instanceof PVector<DesiredEntry> p ? p : TreePVector.from(desiredLog);
    }

    public static final MobileUserState INITIAL = new MobileUserState(null, false, null, null, Map.of(), List.of(),
            null, null, null, Map.of());

    /** One change of one slot at one time. */
    public record DesiredEntry(Instant at, String slot, String parameter, Integer index, String value, boolean secret) {
    }

    public boolean loggedOn() {
        return loggedOnAt != null;
    }

    static MobileUserState registered(String e164, String name, String password) {
        return new MobileUserState(e164, true, name, password, Map.of(), List.of(), null, null, null, Map.of());
    }

    /** A deleted user is forgotten, all but the number its stream belongs to. */
    MobileUserState deleted() {
        return new MobileUserState(e164, false, null, null, Map.of(), List.of(), null, null, null, Map.of());
    }

    MobileUserState withDesired(List<ParameterChange> changes, Instant at) {
        PMap<String, String> next = (PMap<String, String>) desired;
        PVector<DesiredEntry> log = (PVector<DesiredEntry>) desiredLog;
        for (ParameterChange c : changes) {
            next = c.newValue() == null ? next.minus(c.slot()) : next.plus(c.slot(), c.newValue());
            log = log.plus(new DesiredEntry(at, c.slot(), c.parameter(), c.index(), c.newValue(), c.secret()));
        }
        return new MobileUserState(e164, registered, name, password, next, log, loggedOnAt, lastLogin, lastLogout, profile);
    }

    MobileUserState loggedOnAt(String deviceId, Instant at) {
        return new MobileUserState(e164, registered, name, password, desired, desiredLog, deviceId, at, lastLogout, profile);
    }

    MobileUserState loggedOff(Instant at) {
        return new MobileUserState(e164, registered, name, password, desired, desiredLog, null, lastLogin, at, profile);
    }

    MobileUserState withProfile(List<ProfileItem> items) {
        Map<String, ProfileItem> next = new LinkedHashMap<>(profile);
        items.forEach(i -> next.put(i.name(), i));
        return new MobileUserState(e164, registered, name, password, desired, desiredLog, loggedOnAt, lastLogin, lastLogout,
                Collections.unmodifiableMap(next));
    }

    /** The user's own values as they were at a time: the log folded up to it. */
    Map<String, DesiredEntry> desiredAt(Instant at) {
        Map<String, DesiredEntry> then = new HashMap<>();
        for (DesiredEntry e : desiredLog) {
            if (e.at().isAfter(at)) {
                break;
            }
            if (e.value() == null) {
                then.remove(e.slot());
            } else {
                then.put(e.slot(), e);
            }
        }
        return then;
    }
}
