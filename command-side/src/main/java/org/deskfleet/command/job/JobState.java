package org.deskfleet.command.job;

import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.TargetPhase;

import org.pcollections.OrderedPMap;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the Job aggregate remembers to decide: its spec, its timing, and each target's state. Immutable;
 * {@link JobDecider#evolve} makes the next one.
 *
 * <p>The target table is a persistent map: the next state after one target's event shares every other target
 * with the state before. A job of thousands of targets records several events per target, and a copied table
 * made its replay quadratic (2,000 targets: some 16 million entries copied per load).
 */
public record JobState(String jobId, JobSpec spec, Map<String, Target> targets, JobStatus status, Instant plannedAt,
                       Duration timeout, Duration lifetime, Instant createdAt, Instant startedAt, Instant completedAt,
                       boolean deleted) {

    public static final JobState INITIAL = new JobState(null, null, Map.of(), null, null, null, null, null, null, null, false);

    public JobState {
        // A table read back from elsewhere (a snapshot) becomes a persistent one, once, in its order.
        targets = targets instanceof OrderedPMap<String, Target> table ? table : OrderedPMap.<String, Target>empty().plusAll(targets);
    }

    /** One target: its state, its phase of delivery ({@link TargetPhase}), attempts so far. */
    public record Target(JobTarget target, JobStatus status, TargetPhase phase, int attempts) {
        Target with(JobStatus next) {
            return new Target(target, next, next.terminal() ? TargetPhase.endedAs(next) : phase, attempts);
        }

        Target in(TargetPhase next) {
            return new Target(target, status, next, attempts);
        }

        /** The phone took the job and its restart is awaited. */
        public boolean awaitingStartUp() {
            return phase == TargetPhase.AWAITING_START_UP;
        }

        /** Still to be delivered (or being delivered): neither ended nor awaiting a start-up. */
        public boolean open() {
            return !status.terminal() && !phase.ended() && phase != TargetPhase.AWAITING_START_UP;
        }
    }

    public boolean exists() {
        return jobId != null;
    }

    public Target target(String deviceId) {
        return targets.get(deviceId);
    }

    JobState withTarget(String deviceId, Target t) {
        return withTargets(table().plus(deviceId, t));
    }

    /** More targets of the job (listed in parts at its creation). */
    JobState withTargetsAdded(java.util.List<Target> more) {
        OrderedPMap<String, Target> next = table();
        for (Target t : more) {
            next = next.plus(t.target().deviceId(), t);
        }
        return withTargets(next);
    }

    /** Every target changed at once (the job started): one pass, not one copy per target. */
    JobState withEveryTarget(java.util.function.UnaryOperator<Target> change) {
        OrderedPMap<String, Target> next = table();
        for (Target t : targets.values()) {
            next = next.plus(t.target().deviceId(), change.apply(t));
        }
        return withTargets(next);
    }

    private OrderedPMap<String, Target> table() {
        return (OrderedPMap<String, Target>) targets;
    }

    private JobState withTargets(OrderedPMap<String, Target> next) {
        return new JobState(jobId, spec, next, status, plannedAt, timeout, lifetime, createdAt, startedAt, completedAt, deleted);
    }

    JobState withStatus(JobStatus next, Instant started, Instant completed) {
        return new JobState(jobId, spec, targets, next, plannedAt, timeout, lifetime, createdAt, started, completed, deleted);
    }

    JobState asDeleted() {
        return new JobState(jobId, spec, targets, status, plannedAt, timeout, lifetime, createdAt, startedAt, completedAt, true);
    }
}
