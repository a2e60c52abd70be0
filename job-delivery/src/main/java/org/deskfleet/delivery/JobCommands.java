package org.deskfleet.delivery;

import org.deskfleet.kernel.job.RecordJobTargetContacted;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetServing;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;

import java.util.concurrent.CompletableFuture;

/** Port: what the adapter tells the Job aggregates. */
public interface JobCommands {

    CompletableFuture<Void> result(RecordJobTargetResult command);

    CompletableFuture<Void> deferred(RecordJobTargetDeferred command);

    CompletableFuture<Void> contacted(RecordJobTargetContacted command);

    CompletableFuture<Void> serving(RecordJobTargetServing command);

    CompletableFuture<Void> startedUp(RecordJobTargetStartUp command);
}
