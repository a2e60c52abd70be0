package org.deskfleet.delivery;

import org.deskfleet.kernel.job.JobSpec;

import java.util.List;
import java.util.Set;

/**
 * Port: which jobs wait for which phone, held in memory and kept true by the Job events, so that the WPI
 * adapter can answer a DCMP poll or pick the next job without a store round trip.
 */
public interface PendingJobs {

    /**
     * One active job for one phone. {@code awaitingStartUp}: the phone took it and its restart is awaited;
     * {@code order} is the job's place in the order jobs started (one job per interaction, oldest first).
     */
    record PendingJob(String jobId, JobSpec spec, long order, boolean awaitingStartUp) {
    }

    /** Active jobs of this phone in planned order, those awaiting a start-up included. */
    List<PendingJob> of(String deviceId);

    /** Whether a job waits to be delivered to this phone (those awaiting a start-up do not count). */
    boolean hasPending(String deviceId);

    /** Every phone with a job waiting to be delivered. */
    Set<String> devicesWithPending();

    /** Whether the phone polls for work (DCMP) rather than being contacted. */
    boolean polls(String deviceId);

    /** Whether the index has caught up with the event store since this node started. */
    boolean ready();
}
