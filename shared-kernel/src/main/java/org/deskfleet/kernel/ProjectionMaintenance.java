package org.deskfleet.kernel;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Admin port: rebuild read models from the event store (reset their position and replay). */
public interface ProjectionMaintenance {

    record RebuildResult(String projection, long events, long millis) {
    }

    List<String> projections();

    CompletableFuture<RebuildResult> rebuild(String projection);
}
