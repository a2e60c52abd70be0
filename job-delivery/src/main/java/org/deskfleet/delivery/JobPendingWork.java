package org.deskfleet.delivery;

import org.deskfleet.kernel.job.DeliveryPlan;
import org.deskfleet.kernel.job.ExchangeStep;
import org.deskfleet.kernel.job.ItemStatus;
import org.deskfleet.kernel.job.ContactChannel;
import org.deskfleet.kernel.job.RecordJobTargetContacted;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetServing;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;
import org.deskfleet.kernel.job.TargetResult;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.JobCheckpoint;
import org.deskfleet.wpi.server.work.JobOutcome;
import org.deskfleet.wpi.server.work.PendingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pending work from jobs: the next active job of a phone from the in-memory {@link PendingJobs} index,
 * said in WPI by {@link JobSteps}; what the phone answered goes back to the Job as a command. Each target's
 * local state is explicit ({@link TargetDelivery}): a job this node has just ended on a phone is not served
 * again while the index has not yet seen its result.
 */
public final class JobPendingWork implements PendingWork {

    private static final Logger log = LoggerFactory.getLogger(JobPendingWork.class);

    private final PendingJobs jobs;
    private final JobSteps steps;
    private final JobCommands commands;
    private final Clock clock;
    private final TargetEndings endings;
    /** device → job → its local delivery state; absent: whatever the index says (pending, awaiting start-up). */
    private final Map<String, Map<String, TargetDelivery>> local = new ConcurrentHashMap<>();
    /** A mobile user's logon and logoff (their checkpoints); none: such jobs fail at their checkpoint. */
    private volatile MobilityJobSteps mobility;
    /** device → jobs whose phone was told on a DCMP poll since they were last pending (to record it once). */
    private final Map<String, Set<String>> toldByPoll = new ConcurrentHashMap<>();
    /**
     * How often every phone's local states are looked over ({@link #sweep}, from {@link JobDelivery}'s housekeeping,
     * off the phones' requests). A phone's own states are tidied at its next contact with this node; with several
     * nodes its next contact may never come here, and what this node served or ended would otherwise stay for the
     * node's life, one entry per target.
     */
    static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofMinutes(1);

    public JobPendingWork(PendingJobs jobs, JobSteps steps, JobCommands commands, Clock clock) {
        this(jobs, steps, commands, clock, TargetEndings.NONE);
    }

    /** @param endings targets ended by any node, for several nodes (a phone's next interaction may reach another) */
    public JobPendingWork(PendingJobs jobs, JobSteps steps, JobCommands commands, Clock clock, TargetEndings endings) {
        this.endings = endings;
        this.jobs = jobs;
        this.steps = steps;
        this.commands = commands;
        this.clock = clock;
    }

    /** Mobility jobs are delivered with these steps. */
    public JobPendingWork mobility(MobilityJobSteps steps) {
        this.mobility = steps;
        return this;
    }

    @Override
    public CompletableFuture<JobCheckpoint> checkpoint(String deviceId, DeviceJob job, Action action, List<WpiItem> answered) {
        MobilityJobSteps m = mobility;
        if (m == null) {
            return CompletableFuture.completedFuture(JobCheckpoint.failed("mobility jobs are not served by this server"));
        }
        TargetDelivery here = local.getOrDefault(deviceId, Map.of()).get(job.jobId());
        if (here instanceof TargetDelivery.Serving s) {
            return m.checkpoint(job.jobId(), deviceId, s.plan(), action, answered);
        }
        // Served by another node: this node's index may not list the job yet (it was started a moment ago).
        return planSoon(deviceId, job.jobId(), PLAN_WAIT_TRIES).thenCompose(plan -> plan == null
                ? CompletableFuture.completedFuture(JobCheckpoint.failed("the job is no longer pending for this phone"))
                : m.checkpoint(job.jobId(), deviceId, plan, action, answered));
    }

    /** How often (every {@link #PLAN_WAIT_STEP_MS} ms) a checkpoint looks again for a job this node's index lags behind. */
    static final int PLAN_WAIT_TRIES = 100;
    static final long PLAN_WAIT_STEP_MS = 50;

    /** The job's plan once this node's index lists it; null if it does not within the tries (ended, or gone). */
    private CompletableFuture<DeliveryPlan> planSoon(String deviceId, String jobId, int tries) {
        DeliveryPlan plan = planOf(deviceId, jobId);
        if (plan != null || tries <= 0) {
            return CompletableFuture.completedFuture(plan);
        }
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(PLAN_WAIT_STEP_MS, java.util.concurrent.TimeUnit.MILLISECONDS))
                .thenCompose(v -> planSoon(deviceId, jobId, tries - 1));
    }

    @Override
    public boolean current() {
        return jobs.ready();
    }

    @Override
    public boolean hasPending(String deviceId) {
        if (!jobs.hasPending(deviceId)) {
            return false;
        }
        Map<String, TargetDelivery> here = local.get(deviceId);
        if (here == null) {
            return true;
        }
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (!j.awaitingStartUp() && !(here.get(j.jobId()) instanceof TargetDelivery.Ended)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<DeviceJob> next(String deviceId) {
        Map<String, TargetDelivery> here = forgetSettled(deviceId);
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (j.awaitingStartUp() || here.get(j.jobId()) instanceof TargetDelivery.Ended) {
                continue;
            }
            if (endings.isEnded(j.jobId(), deviceId)) {
                log.debug("{}: job {} not served, ended on another node", deviceId, j.jobId());
                // Ended by another node a moment ago; this node's index has not seen it yet. Not marked ENDED
                // here: should that node have died before its result was stored, the target is pending again.
                continue;
            }
            try {
                DeviceJob job = steps.steps(j.jobId(), j.spec());
                untold(deviceId, j.jobId());
                // Recorded without waiting: the phone's answer does not depend on it. The target's end or
                // deferral is sent once this is stored (see finished), or the Job, which never moves an ended
                // target back, would refuse a word that came late and its events would skip "in interaction".
                CompletableFuture<Void> serving = commands.serving(new RecordJobTargetServing(j.jobId(), deviceId, clock.instant()));
                move(deviceId, j.jobId(), new TargetDelivery.Serving(job, j.spec().plan(), serving));
                send(serving);
                return Optional.of(job);
            } catch (UndeliverableJobException e) {
                log.warn("job {} cannot be delivered to {}: {}", j.jobId(), deviceId, e.getMessage());
                CompletableFuture<Void> sent = commands.result(new RecordJobTargetResult(j.jobId(), deviceId,
                        new TargetResult(TargetResult.Outcome.FAILED, e.getMessage(), List.of(), List.of()), clock.instant()));
                move(deviceId, j.jobId(), new TargetDelivery.Ended(sent, false));
                send(sent);
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("{}: nothing to serve (listed here: {}, this node's states: {})", deviceId,
                    jobs.of(deviceId).stream().map(j -> j.jobId() + (j.awaitingStartUp() ? " awaiting start-up" : "")).toList(), here);
        }
        return Optional.empty();
    }

    @Override
    public void finished(String deviceId, String jobId, JobOutcome outcome) {
        finished(deviceId, jobId, null, outcome);
    }

    @Override
    public void finished(String deviceId, DeviceJob served, JobOutcome outcome) {
        finished(deviceId, served.jobId(), served, outcome);
    }

    @Override
    public boolean holds(String deviceId, String jobId) {
        return local.getOrDefault(deviceId, Map.of()).containsKey(jobId)
                || jobs.of(deviceId).stream().anyMatch(j -> j.jobId().equals(jobId));
    }

    /**
     * Every answer about a job: served by another node, its result or deferral still goes to the Job, even
     * while this node's index does not list the job yet (the Job refuses what does not fit its target).
     */
    @Override
    public boolean answersFor(String deviceId, String jobId) {
        return true;
    }

    /** The result command of an ENDED target; the phone is told "done" only once it is stored (or failed). */
    @Override
    public CompletableFuture<Void> recorded(String deviceId, String jobId) {
        return local.getOrDefault(deviceId, Map.of()).get(jobId) instanceof TargetDelivery.Ended ended
                ? ended.recorded() : CompletableFuture.completedFuture(null);
    }

    private void finished(String deviceId, String jobId, DeviceJob served, JobOutcome outcome) {
        TargetDelivery here = local.getOrDefault(deviceId, Map.of()).get(jobId);
        // As served: a job with checkpoints went on with steps decided at the phone.
        DeviceJob job = served != null ? served : here instanceof TargetDelivery.Serving s ? s.job() : null;
        TargetResult result = result(job, outcome);
        DeliveryPlan plan = here instanceof TargetDelivery.Serving s ? s.plan() : planOf(deviceId, jobId);
        // What the Job will decide, known here before its events come back: the plan's rule, or (a job this
        // node's index does not list yet, served by another node) the phone's "delivered, restarting".
        boolean awaitsStartUp = plan != null ? plan.awaitsStartUpAfter(result.outcome())
                : result.outcome() == TargetResult.Outcome.DELIVERED;
        // Shared before the phone is answered: its next interaction may reach a node whose index lags.
        endings.ended(jobId, deviceId, awaitsStartUp);
        RecordJobTargetResult command = new RecordJobTargetResult(jobId, deviceId, result, clock.instant());
        CompletableFuture<Void> stored = afterServing(here).thenCompose(v -> commands.result(command));
        // The shared ending is marked recorded before the phone is told "done" (it waits for this future): were
        // this node killed between the two, another node would find the ending unrecorded, its node dead, its own
        // index not yet showing the result, and serve the phone the same work again.
        CompletableFuture<Void> sent = endings == TargetEndings.NONE ? stored : stored.whenComplete((v, e) -> {
            if (e == null) {
                endings.recorded(jobId, deviceId);
            } else {
                endings.failed(jobId, deviceId);
            }
        });
        move(deviceId, jobId, new TargetDelivery.Ended(sent, awaitsStartUp));
        send(sent);
    }

    /**
     * The phone was told on its DCMP poll that work waits: each job it will be served next counts as
     * contacted (the Job records it once per pending target; later polls change nothing).
     */
    @Override
    public void toldToCallIn(String deviceId) {
        Map<String, TargetDelivery> here = local.getOrDefault(deviceId, Map.of());
        Set<String> listed = new java.util.HashSet<>();
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            listed.add(j.jobId());
        }
        Set<String> told = toldByPoll.computeIfAbsent(deviceId, d -> ConcurrentHashMap.newKeySet());
        told.retainAll(listed);
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            // A phone polls often: the word goes once per target until it is served or deferred.
            if (!j.awaitingStartUp() && !here.containsKey(j.jobId()) && told.add(j.jobId())) {
                send(commands.contacted(new RecordJobTargetContacted(j.jobId(), deviceId, ContactChannel.DCMP_POLL,
                        clock.instant())));
            }
        }
        if (told.isEmpty()) {
            toldByPoll.remove(deviceId, told);
        }
    }

    private void untold(String deviceId, String jobId) {
        toldByPoll.computeIfPresent(deviceId, (d, told) -> {
            told.remove(jobId);
            return told.isEmpty() ? null : told;
        });
    }

    @Override
    public void deferred(String deviceId, String jobId, String reason) {
        CompletableFuture<Void> serving = afterServing(local.getOrDefault(deviceId, Map.of()).get(jobId));
        move(deviceId, jobId, null); // pending again
        untold(deviceId, jobId);
        RecordJobTargetDeferred command = new RecordJobTargetDeferred(jobId, deviceId, reason, clock.instant());
        send(serving.thenCompose(v -> commands.deferred(command)));
    }

    /** Once the word "serving" of a target in interaction is stored or refused (either way it is behind us). */
    private static CompletableFuture<Void> afterServing(TargetDelivery here) {
        return here instanceof TargetDelivery.Serving s
                ? s.recorded().handle((v, e) -> null) : CompletableFuture.completedFuture(null);
    }

    /** The phone started up: every job of it that awaited this learns the software version it reports. */
    @Override
    public void startedUp(String deviceId, String softwareVersion) {
        Map<String, CompletableFuture<Void>> waiting = new HashMap<>();
        Map<String, TargetDelivery> here = local.get(deviceId);
        if (here != null) {
            here.forEach((jobId, state) -> {
                if (state instanceof TargetDelivery.Ended e && e.awaitsStartUp()) {
                    waiting.put(jobId, e.recorded());
                }
            });
        }
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (j.awaitingStartUp()) {
                waiting.putIfAbsent(j.jobId(), CompletableFuture.completedFuture(null));
            }
        }
        // Restarted by another node, whose result this node's index may not show yet.
        endings.takeAwaitingStartUp(deviceId).keySet()
                .forEach(jobId -> waiting.putIfAbsent(jobId, CompletableFuture.completedFuture(null)));
        waiting.forEach((jobId, result) -> {
            CompletableFuture<Void> told = result.handle((v, e) -> null).thenCompose(v ->
                    commands.startedUp(new RecordJobTargetStartUp(jobId, deviceId, softwareVersion, clock.instant())));
            // Still ENDED (start-up told), not back to the index's word: the index may not even show the
            // delivery yet, and this very interaction must not serve the restart again.
            if (here != null && here.containsKey(jobId)) {
                move(deviceId, jobId, new TargetDelivery.Ended(told, false));
            }
            send(told);
        });
    }

    /** Outcome → result; a configuration is checked against what the phone read back. */
    private static TargetResult result(DeviceJob job, JobOutcome outcome) {
        List<ItemStatus> statuses = new ArrayList<>(outcome.rejectedItems().stream()
                .map(i -> new ItemStatus(i.name(), i.index(), i.status())).toList());
        TargetResult.Outcome o = switch (outcome.status()) {
            case ACCEPTED -> TargetResult.Outcome.ACCEPTED;
            case PARTIAL -> TargetResult.Outcome.PARTIAL;
            case FAILED -> TargetResult.Outcome.FAILED;
            case DELIVERED -> TargetResult.Outcome.DELIVERED;
        };
        String detail = outcome.detail();
        if (job != null && o == TargetResult.Outcome.ACCEPTED && isConfiguration(job)) {
            List<ItemStatus> notApplied = readBackMismatches(job, outcome);
            if (!notApplied.isEmpty()) {
                statuses.addAll(notApplied);
                o = TargetResult.Outcome.PARTIAL;
            }
        }
        if (detail == null) {
            detail = switch (o) {
                case ACCEPTED -> isConfiguration(job) ? "written and read back" : "accepted";
                case PARTIAL -> statuses.size() + " item" + (statuses.size() == 1 ? "" : "s") + " not taken";
                case FAILED -> "failed";
                case DELIVERED -> "sent";
            };
        }
        return new TargetResult(o, detail, statuses, exchange(job, outcome));
    }

    private static List<ItemStatus> readBackMismatches(DeviceJob job, JobOutcome outcome) {
        Map<String, WpiItem> read = new HashMap<>();
        outcome.reportedItems().forEach(i -> read.put(i.key(), i));
        Set<String> rejected = new java.util.HashSet<>();
        outcome.rejectedItems().forEach(i -> rejected.add(i.key()));
        Set<String> readBack = new java.util.HashSet<>();
        job.steps().stream().filter(s -> s.action() == Action.READ_ITEMS).forEach(s -> s.items().forEach(i -> readBack.add(i.key())));
        List<ItemStatus> out = new ArrayList<>();
        for (DeviceJob.Step s : job.steps()) {
            if (s.action() != Action.WRITE_ITEMS) {
                continue;
            }
            for (WpiItem w : s.items()) {
                if (rejected.contains(w.key()) || !readBack.contains(w.key())) {
                    continue;
                }
                WpiItem r = read.get(w.key());
                if (r == null || !w.value().strip().equals(r.value() == null ? "" : r.value().strip())) {
                    out.add(new ItemStatus(w.name(), w.index(), r == null ? "not read back" : "reads back a different value"));
                }
            }
        }
        return out;
    }

    private static List<ExchangeStep> exchange(DeviceJob job, JobOutcome outcome) {
        if (job == null) {
            return List.of();
        }
        String reply = switch (outcome.status()) {
            case ACCEPTED, PARTIAL -> "accepted";
            case FAILED -> "failed";
            case DELIVERED -> "no reply (phone restarts)";
        };
        return job.steps().stream().map(s -> new ExchangeStep(s.action().wire(), s.items().size(), reply)).toList();
    }

    /** Written and read back; a job with checkpoints reads to decide, not to verify what it wrote. */
    private static boolean isConfiguration(DeviceJob job) {
        return job != null && job.steps().stream().anyMatch(s -> s.action() == Action.WRITE_ITEMS)
                && job.steps().stream().noneMatch(DeviceJob.Step::checkpoint);
    }

    private DeliveryPlan planOf(String deviceId, String jobId) {
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (j.jobId().equals(jobId)) {
                return j.spec().plan();
            }
        }
        return null;
    }

    /** One transition of one target's local state; null: back to what the index says. */
    private void move(String deviceId, String jobId, TargetDelivery next) {
        local.compute(deviceId, (d, states) -> {
            Map<String, TargetDelivery> m = states == null ? new ConcurrentHashMap<>() : states;
            if (next == null) {
                m.remove(jobId);
            } else {
                m.put(jobId, next);
            }
            return m.isEmpty() ? null : m;
        });
    }

    /**
     * Drops the local states the index has caught up with, returns what is left for this device:
     * <ul>
     *   <li>ended and no longer waiting for delivery; or awaiting a start-up for a job that is gone (timed out);</li>
     *   <li>served here, its word "serving" behind us, and the job no longer listed for the phone: its result was
     *   recorded by another node (the phone's interaction ended there), or the job was cancelled or timed out. The
     *   job was listed when it was served, so the index has moved past it; kept, the state would stay for good
     *   (this node may never see the phone again) and would still claim the job ({@link #holds}).</li>
     * </ul>
     */
    private Map<String, TargetDelivery> forgetSettled(String deviceId) {
        if (!local.containsKey(deviceId)) {
            return Map.of();
        }
        Set<String> active = new java.util.HashSet<>();
        Set<String> listed = new java.util.HashSet<>();
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            listed.add(j.jobId());
            if (!j.awaitingStartUp()) {
                active.add(j.jobId());
            }
        }
        local.computeIfPresent(deviceId, (d, m) -> {
            m.entrySet().removeIf(e -> switch (e.getValue()) {
                case TargetDelivery.Ended ended -> ended.awaitsStartUp()
                        ? ended.recorded().isDone() && !listed.contains(e.getKey())
                        : !active.contains(e.getKey());
                case TargetDelivery.Serving serving -> serving.recorded().isDone() && !listed.contains(e.getKey());
            });
            return m.isEmpty() ? null : m;
        });
        return local.getOrDefault(deviceId, Map.of());
    }

    /**
     * Forgets what the index has caught up with, for every phone (not only those that call in here again). Not while
     * the index is still catching up after a start: a job it does not list yet is not a job that ended.
     */
    void sweep() {
        if (!jobs.ready()) {
            return;
        }
        for (String deviceId : List.copyOf(local.keySet())) {
            forgetSettled(deviceId);
        }
        for (String deviceId : List.copyOf(toldByPoll.keySet())) {
            Set<String> listed = new java.util.HashSet<>();
            jobs.of(deviceId).forEach(j -> listed.add(j.jobId()));
            toldByPoll.computeIfPresent(deviceId, (d, told) -> {
                told.retainAll(listed);
                return told.isEmpty() ? null : told;
            });
        }
    }

    /** Phones with a local state or a poll word kept on this node. */
    int devicesHeld() {
        Set<String> held = new java.util.HashSet<>(local.keySet());
        held.addAll(toldByPoll.keySet());
        return held.size();
    }

    private static void send(CompletableFuture<?> f) {
        f.whenComplete((v, e) -> {
            if (e != null) {
                log.warn("job command failed: {}", e.getMessage());
            }
        });
    }
}
