package org.deskfleet.wpi.server.interaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interactions of one node, in memory. An interaction idle for longer than the time-to-live is dropped: a
 * phone that vanished mid-interaction must not hold memory forever.
 */
public final class InMemoryInteractionStore implements ExpiringInteractionStore {

    private final Map<String, Interaction> interactions = new ConcurrentHashMap<>();
    /** deviceId → id of its open interaction (a phone has one at a time). */
    private final Map<String, String> byDevice = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public InMemoryInteractionStore(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Interaction> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Interaction i = interactions.get(id);
        if (i != null && i.lastActivity().plus(ttl).isBefore(clock.instant())) {
            return Optional.empty(); // expired: the periodic expiry drops it and tells who held work
        }
        return Optional.ofNullable(i);
    }

    @Override
    public Optional<Interaction> findByDevice(String deviceId) {
        return deviceId == null ? Optional.empty() : find(byDevice.get(deviceId));
    }

    @Override
    public void save(Interaction interaction) {
        interactions.put(interaction.id(), interaction);
        byDevice.put(interaction.deviceId(), interaction.id());
    }

    @Override
    public void remove(String id) {
        if (id != null) {
            Interaction i = interactions.remove(id);
            if (i != null) {
                byDevice.remove(i.deviceId(), id);
            }
        }
    }

    @Override
    public int size() {
        return interactions.size();
    }

    /** Drops expired interactions; called periodically. */
    public int expire() {
        return expire(i -> { });
    }

    /** Drops expired interactions, telling {@code expired} of each (its job must stay pending). */
    @Override
    public int expire(java.util.function.Consumer<Interaction> expired) {
        Instant limit = clock.instant().minus(ttl);
        int n = 0;
        for (Interaction i : List.copyOf(interactions.values())) {
            if (i.lastActivity().isBefore(limit) && interactions.remove(i.id(), i)) {
                byDevice.remove(i.deviceId(), i.id());
                expired.accept(i);
                n++;
            }
        }
        return n;
    }
}
