package org.deskfleet.command.job;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.kernel.job.ContactChannel;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobDeleted;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetContacted;
import org.deskfleet.kernel.job.JobTargetDeferred;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.deskfleet.kernel.job.JobTargetServing;
import org.deskfleet.kernel.job.RecordJobTargetContacted;
import org.deskfleet.kernel.job.RecordJobTargetServing;
import org.deskfleet.kernel.job.TargetPhase;
import org.deskfleet.kernel.job.TargetResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One target's way through its phases, as the Job records it: contacted once per attempt, served, and never
 * moved back once ended or awaiting its start-up.
 */
class TargetTransitionsTest {

    private static final JobTarget A = JobFixtures.A;

    private AggregateTestFixture<Job> fixture;
    private Instant now;
    private JobCreated created;

    @BeforeEach
    void setUp() {
        fixture = JobFixtures.job();
        now = fixture.currentTime();
        created = new JobCreated("j1", new JobSpec.Restart(), List.of(A), null, Duration.ofMinutes(30), Duration.ofDays(7),
                "alice", "why", now);
    }

    private RecordJobTargetContacted contacted(ContactChannel channel) {
        return new RecordJobTargetContacted("j1", A.deviceId(), channel, now);
    }

    @Test
    void aPendingTargetIsContactedOnceUntilItMovesOn() {
        fixture.given(created, new JobStarted("j1", now))
                .when(contacted(ContactChannel.CONTACT_ME))
                .expectEvents(new JobTargetContacted("j1", A.deviceId(), ContactChannel.CONTACT_ME, now));
        fixture.given(created, new JobStarted("j1", now), new JobTargetContacted("j1", A.deviceId(), ContactChannel.CONTACT_ME, now))
                .when(contacted(ContactChannel.DCMP_POLL))
                .expectNoEvents();
        // Deferred (the contact led nowhere, the phone was busy): pending again, so the next attempt counts.
        fixture.given(created, new JobStarted("j1", now), new JobTargetContacted("j1", A.deviceId(), ContactChannel.CONTACT_ME, now),
                        new JobTargetDeferred("j1", A.deviceId(), "busy", 1, now))
                .when(contacted(ContactChannel.CONTACT_ME))
                .expectEvents(new JobTargetContacted("j1", A.deviceId(), ContactChannel.CONTACT_ME, now));
    }

    @Test
    void aTargetIsServedFromPendingOrContactedAndARepeatChangesNothing() {
        fixture.given(created, new JobStarted("j1", now))
                .when(new RecordJobTargetServing("j1", A.deviceId(), now))
                .expectEvents(new JobTargetServing("j1", A.deviceId(), now));
        fixture.given(created, new JobStarted("j1", now), new JobTargetContacted("j1", A.deviceId(), ContactChannel.DCMP_POLL, now))
                .when(new RecordJobTargetServing("j1", A.deviceId(), now))
                .expectEvents(new JobTargetServing("j1", A.deviceId(), now));
        fixture.given(created, new JobStarted("j1", now), new JobTargetServing("j1", A.deviceId(), now))
                .when(new RecordJobTargetServing("j1", A.deviceId(), now))
                .expectNoEvents();
        fixture.given(created, new JobStarted("j1", now), new JobTargetServing("j1", A.deviceId(), now))
                .when(contacted(ContactChannel.CONTACT_ME))
                .expectNoEvents();
    }

    @Test
    void anEndedOrRestartingTargetIsNeverMovedBack() {
        TargetResult sent = new TargetResult(TargetResult.Outcome.DELIVERED, "restart sent", List.of(), List.of());
        // The word "serving" is sent without waiting: it may arrive after the phone's answer.
        fixture.given(created, new JobStarted("j1", now), new JobTargetDelivered("j1", A.deviceId(), sent, now))
                .when(new RecordJobTargetServing("j1", A.deviceId(), now))
                .expectNoEvents();
        fixture.given(created, new JobStarted("j1", now), new JobTargetDelivered("j1", A.deviceId(), sent, now))
                .when(contacted(ContactChannel.CONTACT_ME))
                .expectNoEvents();
        JobTargetCompleted failed = new JobTargetCompleted("j1", A.deviceId(), JobStatus.FAILED, "failed", List.of(), List.of(), now);
        fixture.given(created, new JobStarted("j1", now), failed)
                .when(new RecordJobTargetServing("j1", A.deviceId(), now))
                .expectNoEvents();
        fixture.given(created, new JobStarted("j1", now), new JobDeleted("j1", "alice", now))
                .when(contacted(ContactChannel.CONTACT_ME))
                .expectNoEvents();
        // A planned job that has not started: nobody is contacted for it.
        fixture.given(created)
                .when(contacted(ContactChannel.CONTACT_ME))
                .expectNoEvents();
    }

    @Test
    void eachEventMovesThePhaseTheDiagramSays() {
        TargetResult sent = new TargetResult(TargetResult.Outcome.DELIVERED, "restart sent", List.of(), List.of());
        JobState s = JobDecider.evolve(JobState.INITIAL, created);
        assertThat(s.target(A.deviceId()).phase()).isEqualTo(TargetPhase.PLANNED);
        s = JobDecider.evolve(s, new JobStarted("j1", now));
        assertThat(s.target(A.deviceId()).phase()).isEqualTo(TargetPhase.PENDING);
        s = JobDecider.evolve(s, new JobTargetContacted("j1", A.deviceId(), ContactChannel.CONTACT_ME, now));
        assertThat(s.target(A.deviceId()).phase()).isEqualTo(TargetPhase.CONTACTING);
        s = JobDecider.evolve(s, new JobTargetServing("j1", A.deviceId(), now));
        assertThat(s.target(A.deviceId()).phase()).isEqualTo(TargetPhase.IN_INTERACTION);
        s = JobDecider.evolve(s, new JobTargetDeferred("j1", A.deviceId(), "busy", 1, now));
        assertThat(s.target(A.deviceId()).phase()).isEqualTo(TargetPhase.PENDING);
        s = JobDecider.evolve(s, new JobTargetDelivered("j1", A.deviceId(), sent, now));
        assertThat(s.target(A.deviceId()).phase()).isEqualTo(TargetPhase.AWAITING_START_UP);
        s = JobDecider.evolve(s, new JobTargetCompleted("j1", A.deviceId(), JobStatus.TIMEOUT, "late", List.of(), List.of(), now));
        assertThat(s.target(A.deviceId()).phase()).isEqualTo(TargetPhase.TIMED_OUT);
    }
}
