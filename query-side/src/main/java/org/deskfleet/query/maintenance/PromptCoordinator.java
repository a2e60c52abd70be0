package org.deskfleet.query.maintenance;

import org.axonframework.common.AxonThreadFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor of a pooled processor's coordinator (the thread that reads the events and hands them to the work
 * packages), one thread as Axon's own, that looks for room in the work packages' queues again after
 * {@value #ROOM_POLL_MILLIS} ms instead of 100.
 *
 * <p>Why: a coordinator that finds any work package's queue full (1,024 events, Axon's constant) schedules itself again
 * 100 ms later (Axon's constant too), and nothing wakes it sooner. In a replay the workers emptied their queues in
 * about half of that and then both waited for it: profiled during a client list rebuild, the coordinator slept 100 ms
 * every 170 ms, and each worker sat idle about a quarter of the time, 40-55 ms at a time (docs/read-side.md, "Rebuilds:
 * a coordinator that looks again sooner"). Every delay of up to 100 ms is shortened; the coordinator asks for no other
 * delay that short (its other waits are 500 ms and longer: no events, no claim, errors). A coordinator that finds the
 * queues still full only schedules itself again: a few microseconds every few milliseconds while a queue is full.
 * {@code PromptCoordinatorTest} fails if Axon's coordinator stops waiting 100 ms for room.
 */
final class PromptCoordinator extends ScheduledThreadPoolExecutor {

    /** Axon's wait for room in the work packages' queues, and anything shorter. */
    static final long ROOM_WAIT_MILLIS = 100;
    static final long ROOM_POLL_MILLIS = 5;

    PromptCoordinator(String processor) {
        super(1, new AxonThreadFactory("Coordinator[" + processor + "]"));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return super.schedule(command, delayNanos(delay, unit), TimeUnit.NANOSECONDS);
    }

    /** The delay to wait instead of {@code delay}: a wait for room shortened, anything else as asked. */
    static long delayNanos(long delay, TimeUnit unit) {
        long nanos = unit.toNanos(delay);
        return nanos > 0 && nanos <= TimeUnit.MILLISECONDS.toNanos(ROOM_WAIT_MILLIS)
                ? Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(ROOM_POLL_MILLIS)) : nanos;
    }
}
