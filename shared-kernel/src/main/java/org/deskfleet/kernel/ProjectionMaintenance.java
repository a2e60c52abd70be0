package org.deskfleet.kernel;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Admin port: rebuild read models from the event store (reset their position and replay). */
public interface ProjectionMaintenance {

    record RebuildResult(String projection, long events, long millis) {
    }

    /**
     * Where a rebuild stands: positions of the event stream done out of the head when it began, the rate so far
     * and the time left at that rate ({@code running} false once caught up, or when none ran since start).
     */
    record RebuildProgress(String projection, boolean running, long done, long total, double eventsPerSecond,
                           Long etaSeconds, long millis) {
    }

    List<String> projections();

    RebuildProgress progress(String projection);

    CompletableFuture<RebuildResult> rebuild(String projection);
}
