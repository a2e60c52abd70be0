package org.deskfleet.query.delivery;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobDeleted;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.deskfleet.kernel.job.PendingJobs;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pending work of every phone, in memory: built from the Job events by its own processor, which starts
 * from the beginning of the event store on every start of the node (its position is not stored), so the
 * index is always exactly what the events say. Readers (DCMP polls, interactions) never wait for a store.
 * Lists per phone are replaced, never changed, so readers on other threads see whole lists only.
 */
@Component
@ProcessingGroup(PendingJobsIndex.NAME)
public class PendingJobsIndex implements PendingJobs {

    public static final String NAME = "pending-jobs";

    private final Map<String, List<PendingJob>> byDevice = new ConcurrentHashMap<>();
    /** Targets of created jobs until they start, and of started ones until they complete. */
    private final Map<String, List<String>> targetsOf = new ConcurrentHashMap<>();
    private final Map<String, JobCreated> created = new ConcurrentHashMap<>();
    private final Set<String> polling = ConcurrentHashMap.newKeySet();
    private final AtomicLong order = new AtomicLong();
    private volatile boolean ready;

    @EventHandler
    void on(JobCreated e) {
        created.put(e.jobId(), e);
        targetsOf.put(e.jobId(), e.targets().stream().map(JobTarget::deviceId).toList());
    }

    @EventHandler
    void on(JobStarted e) {
        JobCreated c = created.remove(e.jobId());
        if (c == null) {
            return;
        }
        long place = order.incrementAndGet();
        PendingJob job = new PendingJob(e.jobId(), c.spec(), place, false);
        for (JobTarget t : c.targets()) {
            byDevice.compute(t.deviceId(), (k, list) -> {
                List<PendingJob> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
                next.add(job);
                return List.copyOf(next);
            });
        }
    }

    @EventHandler
    void on(JobTargetDelivered e) {
        byDevice.computeIfPresent(e.deviceId(), (k, list) -> List.copyOf(list.stream()
                .map(j -> j.jobId().equals(e.jobId()) ? new PendingJob(j.jobId(), j.spec(), j.order(), true) : j)
                .toList()));
    }

    @EventHandler
    void on(JobTargetCompleted e) {
        remove(e.deviceId(), e.jobId());
    }

    @EventHandler
    void on(JobCompleted e) {
        forget(e.jobId());
    }

    @EventHandler
    void on(JobDeleted e) {
        forget(e.jobId());
    }

    @EventHandler
    void on(ClientAccessModeChanged e) {
        if (e.after() == AccessMode.DCMP) {
            polling.add(e.deviceId());
        } else {
            polling.remove(e.deviceId());
        }
    }

    @ResetHandler
    void reset() {
        byDevice.clear();
        targetsOf.clear();
        created.clear();
        polling.clear();
        ready = false;
    }

    @Override
    public List<PendingJob> of(String deviceId) {
        return byDevice.getOrDefault(deviceId, List.of());
    }

    @Override
    public boolean hasPending(String deviceId) {
        List<PendingJob> jobs = byDevice.get(deviceId);
        if (jobs == null) {
            return false;
        }
        for (PendingJob j : jobs) {
            if (!j.awaitingStartUp()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<String> devicesWithPending() {
        Set<String> out = new java.util.HashSet<>();
        byDevice.forEach((device, jobs) -> {
            if (jobs.stream().anyMatch(j -> !j.awaitingStartUp())) {
                out.add(device);
            }
        });
        return Collections.unmodifiableSet(out);
    }

    @Override
    public boolean polls(String deviceId) {
        return polling.contains(deviceId);
    }

    @Override
    public boolean ready() {
        return ready;
    }

    /** Told by the application once the index's processor has caught up with the event store. */
    public void markReady() {
        ready = true;
    }

    private void forget(String jobId) {
        created.remove(jobId);
        List<String> targets = targetsOf.remove(jobId);
        if (targets != null) {
            targets.forEach(d -> remove(d, jobId));
        }
    }

    private void remove(String deviceId, String jobId) {
        byDevice.computeIfPresent(deviceId, (k, list) -> {
            List<PendingJob> next = list.stream().filter(j -> !j.jobId().equals(jobId)).toList();
            return next.isEmpty() ? null : next;
        });
    }
}
