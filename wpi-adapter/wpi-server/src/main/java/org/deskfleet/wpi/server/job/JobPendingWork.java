package org.deskfleet.wpi.server.job;

import org.deskfleet.kernel.job.ExchangeStep;
import org.deskfleet.kernel.job.ItemStatus;
import org.deskfleet.kernel.job.PendingJobs;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;
import org.deskfleet.kernel.job.TargetResult;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
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
 * said in WPI by {@link JobSteps}; what the phone answered goes back to the Job as a command. A job this
 * node has just finished on a phone is not served again while the index has not yet seen its result.
 */
public final class JobPendingWork implements PendingWork {

    private static final Logger log = LoggerFactory.getLogger(JobPendingWork.class);

    private final PendingJobs jobs;
    private final JobSteps steps;
    private final JobCommands commands;
    private final Clock clock;
    /** device → jobs finished here whose result the index may not show yet. */
    private final Map<String, Set<String>> finishedHere = new ConcurrentHashMap<>();
    /** device → job → its result command: a start-up is told only after the result it follows. */
    private final Map<String, Map<String, CompletableFuture<Void>>> awaitingStartUp = new ConcurrentHashMap<>();
    /** device|job → what was sent, for the exchange summary and the read-back check. */
    private final Map<String, DeviceJob> served = new ConcurrentHashMap<>();

    public JobPendingWork(PendingJobs jobs, JobSteps steps, JobCommands commands, Clock clock) {
        this.jobs = jobs;
        this.steps = steps;
        this.commands = commands;
        this.clock = clock;
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
        Set<String> done = finishedHere.get(deviceId);
        if (done == null) {
            return true;
        }
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (!j.awaitingStartUp() && !done.contains(j.jobId())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<DeviceJob> next(String deviceId) {
        Set<String> done = forgetSettled(deviceId);
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (j.awaitingStartUp() || done.contains(j.jobId())) {
                continue;
            }
            try {
                DeviceJob job = steps.steps(j.jobId(), j.spec());
                served.put(deviceId + "|" + j.jobId(), job);
                return Optional.of(job);
            } catch (UndeliverableJobException e) {
                log.warn("job {} cannot be delivered to {}: {}", j.jobId(), deviceId, e.getMessage());
                markFinished(deviceId, j.jobId());
                send(commands.result(new RecordJobTargetResult(j.jobId(), deviceId,
                        new TargetResult(TargetResult.Outcome.FAILED, e.getMessage(), List.of(), List.of()), clock.instant())));
            }
        }
        return Optional.empty();
    }

    @Override
    public void finished(String deviceId, String jobId, JobOutcome outcome) {
        DeviceJob job = served.remove(deviceId + "|" + jobId);
        markFinished(deviceId, jobId);
        TargetResult result = result(job, outcome);
        CompletableFuture<Void> sent = commands.result(new RecordJobTargetResult(jobId, deviceId, result, clock.instant()));
        if (result.outcome() == TargetResult.Outcome.DELIVERED || isVerifiedAtStartUp(job)) {
            awaitingStartUp.computeIfAbsent(deviceId, k -> new ConcurrentHashMap<>()).put(jobId, sent);
        }
        send(sent);
    }

    @Override
    public void deferred(String deviceId, String jobId, String reason) {
        served.remove(deviceId + "|" + jobId);
        send(commands.deferred(new RecordJobTargetDeferred(jobId, deviceId, reason, clock.instant())));
    }

    /** The phone started up: every job of it that awaited this learns the software version it reports. */
    @Override
    public void startedUp(String deviceId, String softwareVersion) {
        Map<String, CompletableFuture<Void>> here = awaitingStartUp.remove(deviceId);
        Map<String, CompletableFuture<Void>> waiting = new HashMap<>(here == null ? Map.of() : here);
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (j.awaitingStartUp()) {
                waiting.putIfAbsent(j.jobId(), CompletableFuture.completedFuture(null));
            }
        }
        waiting.forEach((jobId, result) -> send(result.handle((v, e) -> null).thenCompose(v ->
                commands.startedUp(new RecordJobTargetStartUp(jobId, deviceId, softwareVersion, clock.instant())))));
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

    private static boolean isConfiguration(DeviceJob job) {
        return job != null && job.steps().stream().anyMatch(s -> s.action() == Action.WRITE_ITEMS);
    }

    private static boolean isVerifiedAtStartUp(DeviceJob job) {
        return job != null && job.steps().stream().anyMatch(s -> s.action() == Action.RESTART || s.action() == Action.SOFTWARE_DEPLOYMENT);
    }

    private void markFinished(String deviceId, String jobId) {
        finishedHere.computeIfAbsent(deviceId, k -> ConcurrentHashMap.newKeySet()).add(jobId);
    }

    /** Drops local marks the index has caught up with; returns what is left for this device. */
    private Set<String> forgetSettled(String deviceId) {
        Set<String> done = finishedHere.get(deviceId);
        if (done == null) {
            return Set.of();
        }
        Set<String> listed = new java.util.HashSet<>();
        for (PendingJobs.PendingJob j : jobs.of(deviceId)) {
            if (!j.awaitingStartUp()) {
                listed.add(j.jobId());
            }
        }
        done.retainAll(listed);
        if (done.isEmpty()) {
            finishedHere.remove(deviceId, done);
        }
        return done;
    }

    private static void send(CompletableFuture<?> f) {
        f.whenComplete((v, e) -> {
            if (e != null) {
                log.warn("job command failed: {}", e.getMessage());
            }
        });
    }
}
