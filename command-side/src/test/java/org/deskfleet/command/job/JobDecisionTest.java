package org.deskfleet.command.job;

import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.TargetResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The deciders say which deadlines their events need; the aggregate only schedules them. */
class JobDecisionTest {

    private static final JobTarget A = new JobTarget("001ae8000001", "4930100", "OpenStage 60", "Siemens SIP", "V3 R5.14.0");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private static CreateJob create(Instant planned, Duration lifetime) {
        return new CreateJob("j1", new JobSpec.RefreshData(), List.of(A), planned, TIMEOUT, lifetime, "alice", "why", T0);
    }

    @Test
    void aJobForNowNeedsItsTimeoutAndTheEndOfItsLifetime() {
        JobDecision d = JobDecider.decide(create(null, Duration.ofDays(7)), JobState.INITIAL);
        assertThat(d.deadlines()).containsExactly(new JobDecision.Deadline(Job.EXPIRY, T0.plus(Duration.ofDays(7))),
                new JobDecision.Deadline(Job.TIMEOUT, T0.plus(TIMEOUT)));
    }

    @Test
    void aPlannedJobNeedsItsStartAndItsTimeoutCountsFromThere() {
        Instant planned = T0.plus(Duration.ofHours(2));
        JobDecision d = JobDecider.decide(create(planned, Duration.ZERO), JobState.INITIAL);
        assertThat(d.deadlines()).containsExactly(new JobDecision.Deadline(Job.START, planned));
        JobState s = JobState.INITIAL;
        for (var e : d.events()) {
            s = JobDecider.evolve(s, e);
        }
        assertThat(JobDecider.start(s, planned).deadlines()).containsExactly(new JobDecision.Deadline(Job.TIMEOUT, planned.plus(TIMEOUT)));
        assertThat(JobDecider.start(JobDecider.evolve(s, JobDecider.start(s, planned).events().getFirst()), planned))
                .isEqualTo(JobDecision.NONE); // started already: no second timeout
    }

    @Test
    void aJobThatOutlivedItsLifetimeIsDeletedWhenItEnds() {
        JobState s = JobState.INITIAL;
        for (var e : JobDecider.decide(create(null, Duration.ofMinutes(10)), JobState.INITIAL).events()) {
            s = JobDecider.evolve(s, e);
        }
        Instant late = T0.plus(Duration.ofMinutes(20));
        JobDecision done = JobDecider.decide(new RecordJobTargetResult("j1", A.deviceId(),
                new TargetResult(TargetResult.Outcome.ACCEPTED, "ok", List.of(), List.of()), late), s);
        assertThat(done.events()).hasSize(2);
        assertThat(done.deadlines()).containsExactly(new JobDecision.Deadline(Job.EXPIRY, late));
        // Within its lifetime: the expiry scheduled at the creation does it.
        JobDecision early = JobDecider.decide(new RecordJobTargetResult("j1", A.deviceId(),
                new TargetResult(TargetResult.Outcome.ACCEPTED, "ok", List.of(), List.of()), T0.plusSeconds(5)), s);
        assertThat(early.deadlines()).isEmpty();
        assertThat(JobDecider.timeout(s, late).deadlines()).containsExactly(new JobDecision.Deadline(Job.EXPIRY, late));
        assertThat(JobDecider.evolve(s, JobDecider.timeout(s, late).events().getLast()).status()).isEqualTo(JobStatus.TIMEOUT);
    }
}
