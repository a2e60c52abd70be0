package org.deskfleet.wpi.server.interaction;

import java.util.Optional;

/**
 * Where interactions live between two requests of a phone. Behind an interface so that several server
 * nodes can share one (a phone may reconnect to another node); {@link InMemoryInteractionStore} serves one.
 */
public interface InteractionStore {

    Optional<Interaction> find(String id);

    /** The open interaction of this phone, if any: a phone that reconnects without its cookie still has one. */
    Optional<Interaction> findByDevice(String deviceId);

    void save(Interaction interaction);

    void remove(String id);

    int size();

    /** Which of these interactions are open (stored and not expired); a store shared by nodes answers in one query. */
    default java.util.Set<String> open(java.util.Collection<String> ids) {
        java.util.Set<String> open = new java.util.HashSet<>();
        for (String id : ids) {
            if (find(id).isPresent()) {
                open.add(id);
            }
        }
        return open;
    }
}
