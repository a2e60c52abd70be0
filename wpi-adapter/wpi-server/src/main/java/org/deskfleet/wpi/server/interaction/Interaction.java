package org.deskfleet.wpi.server.interaction;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;

import java.time.Instant;
import java.util.List;

/**
 * One interaction between a phone and the service, from its first message to the {@code CleanUp}: which
 * action the service is waiting on an answer for, and the fragments gathered so far. Immutable, so a store
 * shared by several server nodes can hold it as a value.
 */
public record Interaction(String id, String deviceId, Reason openedBy, Action awaiting, List<WpiItem> fragments,
                          Instant startedAt, Instant lastActivity) {

    public Interaction {
        fragments = List.copyOf(fragments);
    }

    public Interaction awaiting(Action action, Instant now) {
        return new Interaction(id, deviceId, openedBy, action, List.of(), startedAt, now);
    }

    public Interaction withFragment(List<WpiItem> items, Instant now) {
        var all = new java.util.ArrayList<>(fragments);
        all.addAll(items);
        return new Interaction(id, deviceId, openedBy, awaiting, all, startedAt, now);
    }
}
