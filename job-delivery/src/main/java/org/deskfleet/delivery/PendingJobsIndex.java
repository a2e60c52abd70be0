package org.deskfleet.delivery;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobTargetsAdded;
import org.deskfleet.kernel.job.JobDeleted;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pending work of every phone, in memory for readers (DCMP polls, interactions never wait for a store),
 * built from the Job events by its own processor and kept in a {@link PendingJobsStore} beside that
 * processor's position: a node starts from the stored state and catches up from its position, so start-up
 * does not replay the history. Handlers are idempotent (the same events come again after a crash between
 * a write and the stored position). Lists per phone are replaced, never changed, so readers on other
 * threads see whole lists only. Until the processor has caught up since this node started, {@link #ready()}
 * is false and nothing may be served from it.
 */
@Component
@ProcessingGroup(PendingJobsIndex.NAME)
public class PendingJobsIndex implements PendingJobs {

    public static final String NAME = "pending-jobs";

    private final PendingJobsStore store;
    private final Map<String, List<PendingJob>> byDevice = new ConcurrentHashMap<>();
    /** Targets of created jobs until they start, and of started ones until they complete. */
    private final Map<String, List<String>> targetsOf = new ConcurrentHashMap<>();
    private final Map<String, JobSpec> created = new ConcurrentHashMap<>();
    private final Set<String> polling = ConcurrentHashMap.newKeySet();
    private final AtomicLong order = new AtomicLong();
    private volatile boolean ready;
    private final int loadedAtStart;

    /** Held in memory only: rebuilt from the events (tests). */
    public PendingJobsIndex() {
        this(PendingJobsStore.NONE);
    }

    /** Starts from what the store holds. */
    @Autowired
    public PendingJobsIndex(PendingJobsStore store) {
        this.store = store;
        PendingJobsStore.Snapshot snapshot = store.load();
        load(snapshot);
        this.loadedAtStart = snapshot.jobs().size();
    }

    /** Jobs this node found in the store at start (not replayed): for the start-up log and tests. */
    public int loadedAtStart() {
        return loadedAtStart;
    }

    private void load(PendingJobsStore.Snapshot snapshot) {
        Map<String, PendingJob> started = new java.util.HashMap<>();
        for (PendingJobsStore.StoredJob j : snapshot.jobs()) {
            targetsOf.put(j.jobId(), j.targets());
            if (j.started()) {
                started.put(j.jobId(), new PendingJob(j.jobId(), j.spec(), j.order(), false));
                order.accumulateAndGet(j.order(), Math::max);
            } else {
                created.put(j.jobId(), j.spec());
            }
        }
        Map<String, List<PendingJob>> lists = new java.util.HashMap<>();
        for (PendingJobsStore.StoredTarget t : snapshot.targets()) {
            PendingJob j = started.get(t.jobId());
            if (j != null) {
                lists.computeIfAbsent(t.deviceId(), k -> new ArrayList<>())
                        .add(new PendingJob(j.jobId(), j.spec(), j.order(), t.awaitingStartUp()));
            }
        }
        lists.forEach((device, jobs) -> {
            jobs.sort(java.util.Comparator.comparingLong(PendingJob::order));
            byDevice.put(device, List.copyOf(jobs));
        });
        polling.addAll(snapshot.pollers());
    }

    @EventHandler
    void on(JobCreated e) {
        List<String> targets = e.targets().stream().map(JobTarget::deviceId).toList();
        if (targetsOf.containsKey(e.jobId()) && !created.containsKey(e.jobId())) {
            return; // started already (a replay after a crash): nothing to go back to
        }
        store.created(new PendingJobsStore.StoredJob(e.jobId(), e.spec(), targets, -1, false));
        created.put(e.jobId(), e.spec());
        targetsOf.put(e.jobId(), targets);
    }

    /** More targets of a job just created (a job of many lists them in parts before it starts). */
    @EventHandler
    void on(JobTargetsAdded e) {
        List<String> known = targetsOf.get(e.jobId());
        if (known == null || !created.containsKey(e.jobId())) {
            return; // unknown, or started already (a replay after a crash)
        }
        List<String> more = e.targets().stream().map(JobTarget::deviceId).toList();
        if (new java.util.HashSet<>(known).containsAll(more)) {
            return; // seen already (a replay)
        }
        List<String> all = new ArrayList<>(known.size() + more.size());
        all.addAll(known);
        all.addAll(more);
        store.created(new PendingJobsStore.StoredJob(e.jobId(), created.get(e.jobId()), all, -1, false));
        targetsOf.put(e.jobId(), all);
    }

    void on(JobStarted e) {
        on(e, null);
    }

    /** Its place in the order is its position in the event stream: the same on every node and every replay. */
    @EventHandler
    void on(JobStarted e, TrackingToken token) {
        JobSpec spec = created.get(e.jobId());
        List<String> targets = targetsOf.get(e.jobId());
        if (spec == null || targets == null) {
            return; // unknown, or started already
        }
        long place = token != null && token.position().isPresent()
                ? token.position().getAsLong() : order.incrementAndGet();
        order.accumulateAndGet(place, Math::max);
        store.started(new PendingJobsStore.StoredJob(e.jobId(), spec, targets, place, true));
        created.remove(e.jobId());
        PendingJob job = new PendingJob(e.jobId(), spec, place, false);
        for (String device : targets) {
            byDevice.compute(device, (k, list) -> {
                List<PendingJob> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
                if (next.stream().noneMatch(j -> j.jobId().equals(e.jobId()))) {
                    next.add(job);
                    next.sort(java.util.Comparator.comparingLong(PendingJob::order));
                }
                return List.copyOf(next);
            });
        }
    }

    @EventHandler
    void on(JobTargetDelivered e) {
        store.delivered(e.jobId(), e.deviceId());
        byDevice.computeIfPresent(e.deviceId(), (k, list) -> List.copyOf(list.stream()
                .map(j -> j.jobId().equals(e.jobId()) ? new PendingJob(j.jobId(), j.spec(), j.order(), true) : j)
                .toList()));
    }

    @EventHandler
    void on(JobTargetCompleted e) {
        store.completed(e.jobId(), e.deviceId());
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
        store.polling(e.deviceId(), e.after() == AccessMode.DCMP);
        if (e.after() == AccessMode.DCMP) {
            polling.add(e.deviceId());
        } else {
            polling.remove(e.deviceId());
        }
    }

    @ResetHandler
    void reset() {
        store.clear();
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

    /** Targets by delivery state now: {@code pending} (waiting to be delivered), {@code awaiting_start_up}. */
    public Map<String, Long> targetsByState() {
        long pending = 0;
        long awaiting = 0;
        for (List<PendingJob> jobs : byDevice.values()) {
            for (PendingJob j : jobs) {
                if (j.awaitingStartUp()) {
                    awaiting++;
                } else {
                    pending++;
                }
            }
        }
        return Map.of("pending", pending, "awaiting_start_up", awaiting);
    }

    /** Phones the events show as polling (DCMP). */
    public int pollingPhones() {
        return polling.size();
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
        store.forgotten(jobId);
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
