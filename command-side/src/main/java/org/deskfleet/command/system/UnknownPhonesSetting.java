package org.deskfleet.command.system;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.deskfleet.kernel.system.ChangeUnknownPhones;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.system.UnknownPhonesChanged;

import java.util.function.Supplier;

/**
 * The unknown-phones setting as recorded, read from the event store at each use: a handful of events. Not from
 * the read model, which a rebuild empties for a while (it would answer the default, REGISTER, and let unknown
 * phones in), and which may lag behind the change an administrator was just told about.
 */
public final class UnknownPhonesSetting implements Supplier<UnknownPhones> {

    private final EventStore events;

    public UnknownPhonesSetting(EventStore events) {
        this.events = events;
    }

    @Override
    public UnknownPhones get() {
        UnknownPhones mode = UnknownPhones.REGISTER;
        DomainEventStream stream = events.readEvents(ChangeUnknownPhones.ID);
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof UnknownPhonesChanged changed) {
                mode = UnknownPhonesPolicy.evolve(mode, changed);
            }
        }
        return mode;
    }
}
