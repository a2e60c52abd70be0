package org.deskfleet.command.job;

import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;

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

    /** One target: its state, whether the phone took the job and its restart is awaited, attempts so far. */
    public record Target(JobTarget target, JobStatus status, boolean awaitingStartUp, int attempts) {
        Target with(JobStatus next) {
            return new Target(target, next, false, attempts);
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
