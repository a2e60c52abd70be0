package org.deskfleet.wpi.server.interaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interactions of one node, in memory. An interaction idle for longer than the time-to-live is dropped: a
 * phone that vanished mid-interaction must not hold memory forever.
 */
public final class InMemoryInteractionStore implements InteractionStore {

    private final Map<String, Interaction> interactions = new ConcurrentHashMap<>();
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
            interactions.remove(id, i);
            return Optional.empty();
        }
        return Optional.ofNullable(i);
    }

    @Override
    public void save(Interaction interaction) {
        interactions.put(interaction.id(), interaction);
    }

    @Override
    public void remove(String id) {
        if (id != null) {
            interactions.remove(id);
        }
    }

    @Override
    public int size() {
        return interactions.size();
    }

    /** Drops expired interactions; called periodically. */
    public int expire() {
        Instant limit = clock.instant().minus(ttl);
        int before = interactions.size();
        interactions.values().removeIf(i -> i.lastActivity().isBefore(limit));
        return before - interactions.size();
    }
}
