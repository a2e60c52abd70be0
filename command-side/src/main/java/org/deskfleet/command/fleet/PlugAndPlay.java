package org.deskfleet.command.fleet;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.fleet.ClaimPlugAndPlayClient;
import org.deskfleet.kernel.fleet.CreatePlugAndPlayClient;
import org.deskfleet.kernel.fleet.PlugAndPlayEvent;

/**
 * A Plug&amp;Play reservation (OSEM 4.1), one per MAC or E164: the aggregate id makes a second reservation of
 * the same MAC or number impossible. Decisions in {@link PlugAndPlayDecider}.
 */
@Aggregate
public class PlugAndPlay {

    @AggregateIdentifier
    private String reservationId;
    private PlugAndPlayDecider.State state = PlugAndPlayDecider.State.INITIAL;

    protected PlugAndPlay() {
        // for Axon
    }

    @CommandHandler
    public PlugAndPlay(CreatePlugAndPlayClient command) {
        PlugAndPlayDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public boolean handle(ClaimPlugAndPlayClient command) {
        var events = PlugAndPlayDecider.decide(command, state);
        events.forEach(AggregateLifecycle::apply);
        return !events.isEmpty();
    }

    @EventSourcingHandler
    void on(PlugAndPlayEvent event) {
        state = PlugAndPlayDecider.evolve(state, event);
        reservationId = event.reservationId();
    }
}
