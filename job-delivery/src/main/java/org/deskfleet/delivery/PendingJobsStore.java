package org.deskfleet.delivery;

import org.deskfleet.kernel.job.JobSpec;

import java.util.List;
import java.util.Set;

/**
 * Where the pending-jobs index keeps what it knows, beside its processor's position, so that a node starts
 * from the state at that position instead of replaying the whole history. Every write is idempotent (an
 * upsert or a delete): after a crash between a write and the stored position the same events come again.
 */
public interface PendingJobsStore {

    /** A job created or started; {@code order} is its place among started jobs (-1 until it starts). */
    record StoredJob(String jobId, JobSpec spec, List<String> targets, long order, boolean started) {
    }

    /** One target of a started job still pending; {@code awaitingStartUp} once the phone took it. */
    record StoredTarget(String jobId, String deviceId, boolean awaitingStartUp) {
    }

    record Snapshot(List<StoredJob> jobs, List<StoredTarget> targets, Set<String> pollers) {
        public static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), Set.of());
    }

    Snapshot load();

    void created(StoredJob job);

    /** The job started: it and each of its targets become pending. */
    void started(StoredJob job);

    void delivered(String jobId, String deviceId);

    void completed(String jobId, String deviceId);

    /** The job ended or was deleted: nothing of it is pending any more. */
    void forgotten(String jobId);

    void polling(String deviceId, boolean polls);

    void clear();

    /** Keeps nothing: the index is rebuilt from the events (tests, or a deliberate in-memory setup). */
    PendingJobsStore NONE = new PendingJobsStore() {
        @Override
        public Snapshot load() {
            return Snapshot.EMPTY;
        }

        @Override
        public void created(StoredJob job) {
        }

        @Override
        public void started(StoredJob job) {
        }

        @Override
        public void delivered(String jobId, String deviceId) {
        }

        @Override
        public void completed(String jobId, String deviceId) {
        }

        @Override
        public void forgotten(String jobId) {
        }

        @Override
        public void polling(String deviceId, boolean polls) {
        }

        @Override
        public void clear() {
        }
    };
}
