package org.deskfleet.command.job;

import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.TargetPhase;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Job aggregate remembers to decide: its spec, its timing, and each target's state. Immutable;
 * {@link JobDecider#evolve} makes the next one.
 */
public record JobState(String jobId, JobSpec spec, Map<String, Target> targets, JobStatus status, Instant plannedAt,
                       Duration timeout, Duration lifetime, Instant createdAt, Instant startedAt, Instant completedAt,
                       boolean deleted) {

    public static final JobState INITIAL = new JobState(null, null, Map.of(), null, null, null, null, null, null, null, false);

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
        Map<String, Target> next = new LinkedHashMap<>(targets);
        next.put(deviceId, t);
        return new JobState(jobId, spec, Collections.unmodifiableMap(next), status, plannedAt, timeout, lifetime,
                createdAt, startedAt, completedAt, deleted);
    }

    JobState withStatus(JobStatus next, Instant started, Instant completed) {
        return new JobState(jobId, spec, targets, next, plannedAt, timeout, lifetime, createdAt, started, completed, deleted);
    }

    JobState asDeleted() {
        return new JobState(jobId, spec, targets, status, plannedAt, timeout, lifetime, createdAt, startedAt, completedAt, true);
    }
}
