package org.deskfleet.command.system;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.system.ChangeUnknownPhones;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.system.UnknownPhonesChanged;

import java.util.List;

/**
 * The unknown-phones setting: register phones never seen before (OSEM's behaviour, the default) or quarantine
 * them until an operator approves them. Its own aggregate and not a catalog row: the catalog is OSEM's, and this
 * setting is not. The Axon class only adapts {@link #decide} and {@link #evolve}.
 */
@Aggregate
public class UnknownPhonesPolicy {

    @AggregateIdentifier
    private String policyId;
    private UnknownPhones mode = UnknownPhones.REGISTER;

    protected UnknownPhonesPolicy() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeUnknownPhones command) {
        List<UnknownPhonesChanged> events = decide(command, mode);
        events.forEach(AggregateLifecycle::apply);
        if (events.isEmpty() && policyId == null) {
            policyId = command.policyId();
        }
    }

    /** A change to the mode it already has records nothing. */
    static List<UnknownPhonesChanged> decide(ChangeUnknownPhones c, UnknownPhones current) {
        if (!ChangeUnknownPhones.ID.equals(c.policyId())) {
            throw new org.deskfleet.kernel.InvalidInput("there is one unknown-phones setting, '" + ChangeUnknownPhones.ID + "'");
        }
        if (c.mode() == null) {
            throw new org.deskfleet.kernel.InvalidInput("mode is required: REGISTER or QUARANTINE");
        }
        return c.mode() == current ? List.of()
                : List.of(new UnknownPhonesChanged(c.policyId(), current, c.mode(), c.actor(), c.reason(), c.at()));
    }

    static UnknownPhones evolve(UnknownPhones current, UnknownPhonesChanged e) {
        return e.after();
    }

    @EventSourcingHandler
    void on(UnknownPhonesChanged event) {
        policyId = event.policyId();
        mode = evolve(mode, event);
    }
}
