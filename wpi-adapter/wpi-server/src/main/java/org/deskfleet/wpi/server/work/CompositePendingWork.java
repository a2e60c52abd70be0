package org.deskfleet.wpi.server.work;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several sources of pending work in one order of precedence (work the adapter makes itself, such as the
 * Secure Mode bootstrap, before jobs). The answer for a job goes back to the source that gave it.
 */
public final class CompositePendingWork implements PendingWork {

    private final List<PendingWork> sources;
    /** deviceId|jobId → the source that gave it: one job goes to many phones at once. */
    private final Map<String, PendingWork> owner = new ConcurrentHashMap<>();

    public CompositePendingWork(List<PendingWork> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public boolean hasPending(String deviceId) {
        for (PendingWork w : sources) {
            if (w.hasPending(deviceId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean current() {
        for (PendingWork w : sources) {
            if (!w.current()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<DeviceJob> next(String deviceId) {
        for (PendingWork w : sources) {
            Optional<DeviceJob> job = w.next(deviceId);
            if (job.isPresent()) {
                owner.put(deviceId + "|" + job.get().jobId(), w);
                return job;
            }
        }
        return Optional.empty();
    }

    @Override
    public void finished(String deviceId, String jobId, JobOutcome outcome) {
        PendingWork w = source(deviceId, jobId, true);
        if (w != null) {
            w.finished(deviceId, jobId, outcome);
        }
    }

    @Override
    public void finished(String deviceId, DeviceJob job, JobOutcome outcome) {
        PendingWork w = source(deviceId, job.jobId(), true);
        if (w != null) {
            w.finished(deviceId, job, outcome);
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> recorded(String deviceId, String jobId) {
        return java.util.concurrent.CompletableFuture.allOf(sources.stream().map(w -> w.recorded(deviceId, jobId))
                .toArray(java.util.concurrent.CompletableFuture[]::new));
    }

    @Override
    public boolean holds(String deviceId, String jobId) {
        return owner.containsKey(deviceId + "|" + jobId) || sources.stream().anyMatch(w -> w.holds(deviceId, jobId));
    }

    /**
     * The source that gave the job here; or (served by another node) the one that holds it; or, should none
     * list it yet, the one that answers for work it does not list (jobs: their Job decides). An answer that ends
     * the job here ({@code ending}) also forgets which source gave it.
     */
    private PendingWork source(String deviceId, String jobId, boolean ending) {
        String key = deviceId + "|" + jobId;
        PendingWork w = ending ? owner.remove(key) : owner.get(key);
        if (w != null) {
            return w;
        }
        for (PendingWork s : sources) {
            if (s.holds(deviceId, jobId)) {
                return s;
            }
        }
        for (PendingWork s : sources) {
            if (s.answersFor(deviceId, jobId)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public java.util.concurrent.CompletableFuture<JobCheckpoint> checkpoint(String deviceId, DeviceJob job,
                                                                         org.deskfleet.wpi.codec.Action action,
                                                                         List<org.deskfleet.wpi.codec.WpiItem> answered) {
        PendingWork w = source(deviceId, job.jobId(), false);
        return w == null ? java.util.concurrent.CompletableFuture.completedFuture(
                JobCheckpoint.failed("the job is no longer pending for this phone")) : w.checkpoint(deviceId, job, action, answered);
    }

    @Override
    public void deferred(String deviceId, String jobId, String reason) {
        PendingWork w = source(deviceId, jobId, true);
        if (w != null) {
            w.deferred(deviceId, jobId, reason);
        }
    }

    @Override
    public void toldToCallIn(String deviceId) {
        sources.forEach(w -> w.toldToCallIn(deviceId));
    }

    @Override
    public void startedUp(String deviceId, String softwareVersion) {
        sources.forEach(w -> w.startedUp(deviceId, softwareVersion));
    }
}
