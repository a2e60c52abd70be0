package org.deskfleet.wpi.server.interaction;

import java.util.function.Consumer;

/** An interaction store whose idle interactions are dropped after a time-to-live, each told to whoever held work. */
public interface ExpiringInteractionStore extends InteractionStore {

    /** Drops expired interactions, telling {@code expired} of each exactly once (its job must stay pending). */
    int expire(Consumer<Interaction> expired);
}
