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
        PendingWork w = owner.remove(deviceId + "|" + jobId);
        if (w != null) {
            w.finished(deviceId, jobId, outcome);
        }
    }

    @Override
    public void deferred(String deviceId, String jobId, String reason) {
        PendingWork w = owner.remove(deviceId + "|" + jobId);
        if (w != null) {
            w.deferred(deviceId, jobId, reason);
        }
    }

    @Override
    public void startedUp(String deviceId, String softwareVersion) {
        sources.forEach(w -> w.startedUp(deviceId, softwareVersion));
    }
}
