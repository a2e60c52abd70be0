package org.deskfleet.api.admin;

import org.deskfleet.kernel.maintenance.RebuildProgress;
import org.deskfleet.kernel.maintenance.RebuildResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the admin API needs to rebuild read models from the event store (a port of the API; the read side's
 * projection administration answers it, joined in the wiring).
 */
public interface ProjectionMaintenance {

    List<String> projections();

    RebuildProgress progress(String projection);

    CompletableFuture<RebuildResult> rebuild(String projection);
}
