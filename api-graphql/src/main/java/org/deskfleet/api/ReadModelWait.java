package org.deskfleet.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A mutation answers with what the read model shows once it has caught up with the command: it asks again
 * every 20 ms, for a bounded time, and then answers with what it has. No thread waits in between (the next
 * probe is scheduled, not slept for), so many waiting mutations hold no threads.
 */
public final class ReadModelWait {

    static final long EVERY_MS = 20;

    private ReadModelWait() {
    }

    public static <T> CompletableFuture<T> until(Supplier<CompletableFuture<T>> probe, Predicate<T> done, Duration within) {
        return poll(probe, done, System.nanoTime() + within.toNanos());
    }

    private static <T> CompletableFuture<T> poll(Supplier<CompletableFuture<T>> probe, Predicate<T> done, long deadline) {
        return probe.get().thenCompose(v -> {
            if (done.test(v) || System.nanoTime() > deadline) {
                return CompletableFuture.completedFuture(v);
            }
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(EVERY_MS, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> poll(probe, done, deadline));
        });
    }
}
