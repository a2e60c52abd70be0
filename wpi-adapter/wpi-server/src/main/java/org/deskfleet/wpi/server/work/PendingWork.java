package org.deskfleet.wpi.server.work;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The adapter's question to the rest of the system: "what is waiting for this phone?". Jobs fill it; the
 * interaction engine serves one job per interaction; the DCMP endpoint only asks {@link #hasPending},
 * which implementations must answer from memory (no store round trip per poll).
 */
public interface PendingWork {

    /** Whether anything waits for this device (must be cheap: it is asked on every DCMP poll). */
    boolean hasPending(String deviceId);

    /** The next job for this device, in planned order, without removing it. */
    Optional<DeviceJob> next(String deviceId);

    /** The job ended on the phone (successfully or not): it is no longer pending for this device. */
    void finished(String deviceId, String jobId, JobOutcome outcome);

    /**
     * The same, with the job as it was served: the node that ends an interaction need not be the node that
     * began it (several nodes behind one load balancer), so the job travels with the interaction.
     */
    default void finished(String deviceId, DeviceJob job, JobOutcome outcome) {
        finished(deviceId, job.jobId(), outcome);
    }

    /**
     * Completes once the result given to {@code finished} for this job is stored (or could not be): the phone is
     * told it is done (its last reply, or the Restart it acts on) only then, so a server killed in between has
     * not told a phone "done" for work it will serve again.
     */
    default CompletableFuture<Void> recorded(String deviceId, String jobId) {
        return CompletableFuture.completedFuture(null);
    }

    /** Whether this source gives this job to this device (it is still pending here); asked when another node served it. */
    default boolean holds(String deviceId, String jobId) {
        return false;
    }

    /**
     * Whether this source takes the answer for a job it does not {@link #holds hold}: one another node served,
     * which this node does not list yet (its view lags). A source whose work is shared by every node, and
     * whose owner decides on an answer it does not know, says yes; dropping such an answer would leave the
     * phone told "done" with no result kept, and the same work served to it again.
     */
    default boolean answersFor(String deviceId, String jobId) {
        return holds(deviceId, jobId);
    }

    /** The phone was answered on its DCMP poll that work waits for it (202): it will call in. */
    default void toldToCallIn(String deviceId) {
    }

    /** The phone could not take the job now (busy, overload): it stays pending. */
    void deferred(String deviceId, String jobId, String reason);

    /**
     * Whether the answers above come from current state. A node whose delivery state has not caught up
     * with the event store (at start, after a reset) must not serve phones from it: a job that ended long
     * ago could still look pending. Until then phones are told {@code overload} and DCMP polls 503.
     */
    default boolean current() {
        return true;
    }

    /**
     * The phone accepted a {@link DeviceJob.Step#checkpoint() checkpoint} step of a job and answered with
     * {@code answered}: what follows in this interaction. Must not fail: a problem is a failed checkpoint.
     */
    default CompletableFuture<JobCheckpoint> checkpoint(String deviceId, DeviceJob job, org.deskfleet.wpi.codec.Action action,
                                                        java.util.List<org.deskfleet.wpi.codec.WpiItem> answered) {
        return CompletableFuture.completedFuture(JobCheckpoint.GO_ON);
    }

    /** The phone started up (after a restart, reset or new firmware), reporting this software version. */
    default void startedUp(String deviceId, String softwareVersion) {
    }
}
