package org.deskfleet.command.job;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.DeleteJob;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobDeleted;
import org.deskfleet.kernel.job.JobEvent;
import org.deskfleet.kernel.job.DeliveryPlan;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetContacted;
import org.deskfleet.kernel.job.JobTargetsAdded;
import org.deskfleet.kernel.job.JobTargetServing;
import org.deskfleet.kernel.job.RecordJobTargetContacted;
import org.deskfleet.kernel.job.RecordJobTargetServing;
import org.deskfleet.kernel.job.TargetPhase;
import org.deskfleet.kernel.job.JobTargetDeferred;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;
import org.deskfleet.kernel.job.TargetResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Job's decisions as pure functions. A target moves from pending to one end state; once every target
 * has one, the job completes. Late or repeated reports of an ended target change nothing, so a phone that
 * answers twice, or after its timeout, cannot move a job backwards.
 */
public final class JobDecider {

    /** A plan a little in the past is "now" (clocks of browser and server differ); more is refused. */
    static final Duration PAST_TOLERANCE = Duration.ofSeconds(5);

    private JobDecider() {
    }

    public static JobDecision decide(CreateJob c, JobState s) {
        if (s.exists()) {
            throw new Conflict("job " + c.jobId() + " already exists");
        }
        if (c.spec() == null) {
            throw new InvalidInput("a job needs a type and what to do");
        }
        if (c.targets().isEmpty()) {
            throw new InvalidInput("a job needs at least one target");
        }
        Set<String> seen = new HashSet<>();
        for (JobTarget t : c.targets()) {
            if (!seen.add(t.deviceId())) {
                throw new InvalidInput("target " + t.deviceId() + " is listed more than once");
            }
        }
        if (c.plannedAt() != null && c.plannedAt().isBefore(c.at().minus(PAST_TOLERANCE))) {
            throw new InvalidInput("planned execution time " + c.plannedAt() + " is in the past");
        }
        if (c.timeout() == null || c.timeout().isNegative() || c.timeout().isZero()) {
            throw new InvalidInput("job timeout must be positive");
        }
        List<JobEvent> events = new ArrayList<>();
        List<JobDecision.Deadline> deadlines = new ArrayList<>();
        // Many targets are listed in parts, all recorded at once: no event nears a message size limit.
        int part = JobTargetsAdded.MAX_TARGETS;
        events.add(new JobCreated(c.jobId(), c.spec(), List.copyOf(c.targets().subList(0, Math.min(part, c.targets().size()))),
                c.plannedAt(), c.timeout(), c.lifetime(), c.initiator(), c.reason(), c.at()));
        for (int from = part; from < c.targets().size(); from += part) {
            events.add(new JobTargetsAdded(c.jobId(), c.spec(), List.copyOf(c.targets().subList(from, Math.min(from + part, c.targets().size()))),
                    c.initiator(), c.reason(), c.at()));
        }
        // The lifetime counts from the creation (OSEM 13.6); an active job is never deleted by it (see expire).
        if (c.lifetime() != null && !c.lifetime().isZero()) {
            deadlines.add(new JobDecision.Deadline(Job.EXPIRY, c.at().plus(c.lifetime())));
        }
        if (isScheduled(c.plannedAt(), c.at())) {
            deadlines.add(new JobDecision.Deadline(Job.START, c.plannedAt()));
        } else {
            events.add(new JobStarted(c.jobId(), c.at()));
            deadlines.add(new JobDecision.Deadline(Job.TIMEOUT, c.at().plus(c.timeout())));
        }
        return new JobDecision(events, deadlines);
    }

    /** Whether the job waits for its planned time rather than starting at creation. */
    public static boolean isScheduled(Instant plannedAt, Instant now) {
        return plannedAt != null && plannedAt.isAfter(now);
    }

    /** The planned time came. */
    public static JobDecision start(JobState s, Instant now) {
        return s.exists() && !s.deleted() && s.status() == JobStatus.CREATED
                ? new JobDecision(List.of(new JobStarted(s.jobId(), now)), List.of(new JobDecision.Deadline(Job.TIMEOUT, now.plus(s.timeout()))))
                : JobDecision.NONE;
    }

    public static JobDecision decide(RecordJobTargetResult c, JobState s) {
        JobState.Target t = requireTarget(s, c.jobId(), c.deviceId());
        if (t.status().terminal() || t.awaitingStartUp() || s.status() != JobStatus.ACTIVE || s.deleted()) {
            return JobDecision.NONE; // ended, or delivered already and awaiting its start-up: a repeat changes nothing
        }
        TargetResult r = c.result();
        // The job's plan says whether a target the phone took ends now or at the phone's next start-up.
        JobEvent event = s.spec().plan().awaitsStartUpAfter(r.outcome())
                ? new JobTargetDelivered(s.jobId(), c.deviceId(), r, c.at())
                : switch (r.outcome()) {
                    case ACCEPTED, DELIVERED -> completed(s, c.deviceId(), JobStatus.SUCCESS, r, c.at());
                    case PARTIAL -> completed(s, c.deviceId(), JobStatus.PARTIAL_SUCCESSFUL, r, c.at());
                    case FAILED -> completed(s, c.deviceId(), JobStatus.FAILED, r, c.at());
                };
        return withCompletion(s, event);
    }

    /**
     * The phone was asked to call in. Recorded once per contact attempt: only a pending target moves to
     * contacting; a repeat (a recontact, the next DCMP poll) or a late word about a target that moved on
     * changes nothing.
     */
    public static JobDecision decide(RecordJobTargetContacted c, JobState s) {
        JobState.Target t = requireTarget(s, c.jobId(), c.deviceId());
        if (!live(s) || !t.open() || t.phase() != TargetPhase.PENDING) {
            return JobDecision.NONE;
        }
        return JobDecision.of(new JobTargetContacted(s.jobId(), c.deviceId(), c.channel(), c.at()));
    }

    /**
     * An interaction took the job to the phone. Only a pending or contacted target moves: the word may come
     * after the phone's answer (it is sent without waiting), and an ended target is never moved back.
     */
    public static JobDecision decide(RecordJobTargetServing c, JobState s) {
        JobState.Target t = requireTarget(s, c.jobId(), c.deviceId());
        if (!live(s) || !t.open() || t.phase() == TargetPhase.IN_INTERACTION) {
            return JobDecision.NONE;
        }
        return JobDecision.of(new JobTargetServing(s.jobId(), c.deviceId(), c.at()));
    }

    private static boolean live(JobState s) {
        return s.status() == JobStatus.ACTIVE && !s.deleted();
    }

    public static JobDecision decide(RecordJobTargetDeferred c, JobState s) {
        JobState.Target t = requireTarget(s, c.jobId(), c.deviceId());
        if (t.status().terminal() || t.awaitingStartUp() || s.status() != JobStatus.ACTIVE || s.deleted()) {
            return JobDecision.NONE;
        }
        return JobDecision.of(new JobTargetDeferred(s.jobId(), c.deviceId(), c.reason(), t.attempts() + 1, c.at()));
    }

    /** The phone is back: its plan's completion rule says how the target ends (e.g. firmware: the version it reports). */
    public static JobDecision decide(RecordJobTargetStartUp c, JobState s) {
        JobState.Target t = requireTarget(s, c.jobId(), c.deviceId());
        if (!t.awaitingStartUp() || t.status().terminal() || s.deleted()) {
            return JobDecision.NONE;
        }
        DeliveryPlan.Verdict verdict = s.spec().plan().completion().atStartUp(c.softwareVersion());
        JobTargetCompleted done = new JobTargetCompleted(s.jobId(), c.deviceId(), verdict.status(), verdict.detail(),
                List.of(), List.of(), c.at());
        return withCompletion(s, done);
    }

    /** The job's timeout passed: every target still open ends {@code TIMEOUT}. */
    public static JobDecision timeout(JobState s, Instant now) {
        if (!s.exists() || s.deleted() || s.status() != JobStatus.ACTIVE) {
            return JobDecision.NONE;
        }
        List<JobEvent> events = new ArrayList<>();
        JobState next = s;
        for (JobState.Target t : s.targets().values()) {
            if (!t.status().terminal()) {
                JobTargetCompleted e = new JobTargetCompleted(s.jobId(), t.target().deviceId(), JobStatus.TIMEOUT,
                        t.awaitingStartUp() ? "phone did not start up again within " + s.timeout()
                                : t.attempts() > 0 ? "not delivered within " + s.timeout() + " (" + t.attempts() + " attempts)"
                                : "phone did not call in within " + s.timeout(),
                        List.of(), List.of(), now);
                events.add(e);
                next = evolve(next, e);
            }
        }
        JobCompleted completed = completion(next, now);
        events.add(completed);
        return new JobDecision(events, expiryAfter(s, completed));
    }

    public static JobDecision decide(DeleteJob c, JobState s) {
        if (!s.exists()) {
            throw new InvalidInput("no job " + c.jobId());
        }
        if (s.deleted()) {
            throw new Conflict("job " + c.jobId() + " is already deleted");
        }
        return JobDecision.of(new JobDeleted(s.jobId(), c.actor(), c.at()));
    }

    /** The job's lifetime ended. */
    public static JobDecision expire(JobState s, Instant now) {
        return s.exists() && !s.deleted() && s.status() != null && s.status().terminal()
                ? JobDecision.of(new JobDeleted(s.jobId(), "lifetime", now)) : JobDecision.NONE;
    }

    public static JobState evolve(JobState s, JobEvent e) {
        return switch (e) {
            case JobCreated c -> {
                Map<String, JobState.Target> targets = new LinkedHashMap<>();
                c.targets().forEach(t -> targets.put(t.deviceId(), new JobState.Target(t, JobStatus.CREATED, TargetPhase.PLANNED, 0)));
                yield new JobState(c.jobId(), c.spec(), targets, JobStatus.CREATED,
                        c.plannedAt(), c.timeout(), c.lifetime(), c.at(), null, null, false);
            }
            case JobTargetsAdded a -> s.withTargetsAdded(a.targets().stream()
                    .map(t -> new JobState.Target(t, JobStatus.CREATED, TargetPhase.PLANNED, 0)).toList());
            case JobStarted st -> {
                yield s.withStatus(JobStatus.ACTIVE, st.at(), null).withEveryTarget(t -> t.with(JobStatus.ACTIVE).in(TargetPhase.PENDING));
            }
            case JobTargetContacted c -> s.withTarget(c.deviceId(), s.target(c.deviceId()).in(TargetPhase.CONTACTING));
            case JobTargetServing sv -> s.withTarget(sv.deviceId(), s.target(sv.deviceId()).in(TargetPhase.IN_INTERACTION));
            case JobTargetDeferred d -> {
                JobState.Target t = s.target(d.deviceId());
                yield s.withTarget(d.deviceId(), new JobState.Target(t.target(), t.status(), TargetPhase.PENDING, d.attempts()));
            }
            case JobTargetDelivered d -> s.withTarget(d.deviceId(), s.target(d.deviceId()).in(TargetPhase.AWAITING_START_UP));
            case JobTargetCompleted c -> s.withTarget(c.deviceId(), s.target(c.deviceId()).with(c.state()));
            case JobCompleted c -> s.withStatus(c.state(), s.startedAt(), c.at());
            case JobDeleted d -> s.asDeleted();
        };
    }

    /** OSEM: success when all succeeded, partial successful when some did, else failed (timeout if all timed out). */
    static JobStatus overall(int succeeded, int partial, int failed, int timedOut) {
        if (partial == 0 && failed == 0 && timedOut == 0) {
            return JobStatus.SUCCESS;
        }
        if (succeeded + partial > 0) {
            return JobStatus.PARTIAL_SUCCESSFUL;
        }
        return failed == 0 ? JobStatus.TIMEOUT : JobStatus.FAILED;
    }

    private static JobDecision withCompletion(JobState s, JobEvent event) {
        JobState next = evolve(s, event);
        boolean allDone = next.targets().values().stream().allMatch(t -> t.status().terminal());
        if (!allDone) {
            return JobDecision.of(event);
        }
        JobCompleted completed = completion(next, event.at());
        return new JobDecision(List.of(event, completed), expiryAfter(s, completed));
    }

    /** A job that ran longer than its lifetime is deleted as soon as it ends (its own expiry found it active). */
    private static List<JobDecision.Deadline> expiryAfter(JobState s, JobCompleted completed) {
        if (s.lifetime() == null || s.lifetime().isZero() || completed.at().isBefore(s.createdAt().plus(s.lifetime()))) {
            return List.of();
        }
        return List.of(new JobDecision.Deadline(Job.EXPIRY, completed.at()));
    }

    private static JobCompleted completion(JobState s, Instant at) {
        int ok = 0, partial = 0, failed = 0, timedOut = 0;
        for (JobState.Target t : s.targets().values()) {
            switch (t.status()) {
                case SUCCESS -> ok++;
                case PARTIAL_SUCCESSFUL -> partial++;
                case TIMEOUT -> timedOut++;
                default -> failed++;
            }
        }
        return new JobCompleted(s.jobId(), overall(ok, partial, failed, timedOut), ok, partial, failed, timedOut, at);
    }

    private static JobTargetCompleted completed(JobState s, String deviceId, JobStatus state, TargetResult r, Instant at) {
        return new JobTargetCompleted(s.jobId(), deviceId, state, r.detail(), r.itemStatuses(), r.exchange(), at);
    }

    private static JobState.Target requireTarget(JobState s, String jobId, String deviceId) {
        if (!s.exists()) {
            throw new InvalidInput("no job " + jobId);
        }
        JobState.Target t = s.target(deviceId);
        if (t == null) {
            throw new InvalidInput("device " + deviceId + " is not a target of job " + jobId);
        }
        return t;
    }
}
