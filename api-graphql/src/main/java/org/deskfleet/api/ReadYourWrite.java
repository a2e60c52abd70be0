package org.deskfleet.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A mutation that answers with the read model's view of what it changed waits for the projection to show it:
 * the read side follows the command shortly after. The wait asks again every {@link #STEP} without holding a
 * thread in between (a sleeping pool thread per waiting request would starve the pool under load), and after
 * {@code timeout} answers with whatever the read model shows then (null if nothing).
 */
public final class ReadYourWrite {

    static final Duration STEP = Duration.ofMillis(20);

    private ReadYourWrite() {
    }

    public static <T> CompletableFuture<T> await(Supplier<CompletableFuture<T>> lookup, Predicate<T> ready, Duration timeout) {
        return attempt(lookup, ready, System.nanoTime() + timeout.toNanos(),
                CompletableFuture.delayedExecutor(STEP.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> lookup, Predicate<T> ready, long deadline,
                                                    Executor later) {
        return lookup.get().thenCompose(v -> {
            if ((v != null && ready.test(v)) || System.nanoTime() > deadline) {
                return CompletableFuture.completedFuture(v);
            }
            return CompletableFuture.supplyAsync(() -> null, later)
                    .thenCompose(ignored -> attempt(lookup, ready, deadline, later));
        });
    }
}
