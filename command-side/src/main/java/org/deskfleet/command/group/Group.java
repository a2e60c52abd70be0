package org.deskfleet.command.group;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.group.CreateGroup;
import org.deskfleet.kernel.group.DeleteGroup;
import org.deskfleet.kernel.group.GroupEvent;
import org.deskfleet.kernel.group.UpdateGroup;

/** A group of clients (OSEM chapter 8), event-sourced; decisions in {@link GroupDecider}. */
@Aggregate
public class Group {

    @AggregateIdentifier
    private String groupId;
    private GroupDecider.State state = GroupDecider.State.INITIAL;

    protected Group() {
        // for Axon
    }

    @CommandHandler
    public Group(CreateGroup command) {
        GroupDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(UpdateGroup command) {
        GroupDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(DeleteGroup command) {
        GroupDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @EventSourcingHandler
    void on(GroupEvent event) {
        state = GroupDecider.evolve(state, event);
        groupId = state.groupId();
    }
}
