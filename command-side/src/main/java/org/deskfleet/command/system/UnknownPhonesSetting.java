package org.deskfleet.command.system;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.deskfleet.kernel.system.ChangeUnknownPhones;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.system.UnknownPhonesChanged;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The unknown-phones setting as recorded, from the event store (a handful of events). Not from the read model,
 * which a rebuild empties for a while (it would answer the default, REGISTER, and let unknown phones in), and
 * which may lag behind the change an administrator was just told about.
 * <p>
 * Every phone contact asks, so the answer is kept in memory: a change made on this node is seen at once (the
 * store tells its local subscribers of every event it takes, and the kept answer is dropped before and after the
 * change commits); a change made on another node is seen within {@link #KEEP}, when the kept answer is read again.
 */
public final class UnknownPhonesSetting implements Supplier<UnknownPhones> {

    /** How long an answer is kept: how late another node's change reaches this one. */
    public static final Duration KEEP = Duration.ofSeconds(1);

    private record Kept(UnknownPhones mode, Instant readAt, long generation) {
    }

    private final EventStore events;
    private final Clock clock;
    /** Raised by every change seen here: an answer read before it is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Kept kept;

    public UnknownPhonesSetting(EventStore events) {
        this(events, Clock.systemUTC());
    }

    UnknownPhonesSetting(EventStore events, Clock clock) {
        this.events = events;
        this.clock = clock;
        events.subscribe(batch -> {
            if (batch.stream().anyMatch(m -> UnknownPhonesChanged.class.equals(m.getPayloadType()))) {
                forget();
                // told while the change is being stored: a read in between still finds the old mode
                CurrentUnitOfWork.ifStarted(u -> u.afterCommit(x -> forget()));
            }
        });
    }

    private void forget() {
        generation.incrementAndGet();
        kept = null;
    }

    @Override
    public UnknownPhones get() {
        Kept k = kept;
        Instant now = clock.instant();
        if (k != null && k.generation() == generation.get() && now.isBefore(k.readAt().plus(KEEP))) {
            return k.mode();
        }
        long before = generation.get();
        UnknownPhones mode = read();
        if (generation.get() == before) {
            kept = new Kept(mode, now, before);
        }
        return mode;
    }

    private UnknownPhones read() {
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
