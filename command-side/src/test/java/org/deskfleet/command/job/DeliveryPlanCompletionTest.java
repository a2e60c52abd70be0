package org.deskfleet.command.job;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;
import org.deskfleet.kernel.job.TargetResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Job ends a target as its job type's delivery plan says, one fixture per completion rule: done when
 * the phone answers; done at the next start-up; done at the next start-up reporting the target version.
 */
class DeliveryPlanCompletionTest {

    private static final JobTarget A = JobFixtures.A;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private AggregateTestFixture<Job> fixture;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = JobFixtures.job();
        now = fixture.currentTime();
    }

    private JobCreated created(JobSpec spec) {
        return new JobCreated("j1", spec, List.of(A), null, TIMEOUT, Duration.ofDays(7), "alice", "why", now);
    }

    private RecordJobTargetResult answered(TargetResult.Outcome outcome) {
        return new RecordJobTargetResult("j1", A.deviceId(), new TargetResult(outcome, "sent", List.of(), List.of()), now);
    }

    @Test
    void doneWhenAnsweredEndsTheTargetAtTheAnswerEvenIfThePhoneRestarts() {
        JobSpec refresh = new JobSpec.RefreshData();
        fixture.given(created(refresh), new JobStarted("j1", now))
                .when(answered(TargetResult.Outcome.ACCEPTED))
                .expectEvents(new JobTargetCompleted("j1", A.deviceId(), JobStatus.SUCCESS, "sent", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.SUCCESS, 1, 0, 0, 0, now));
        JobSpec files = new JobSpec.DeployFiles(List.of(new JobSpec.FileRef("LOGO", "https://files.example/logo.png", "logo")));
        fixture.given(created(files), new JobStarted("j1", now))
                .when(answered(TargetResult.Outcome.DELIVERED))
                .expectEvents(new JobTargetCompleted("j1", A.deviceId(), JobStatus.SUCCESS, "sent", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.SUCCESS, 1, 0, 0, 0, now));
    }

    @Test
    void doneAtTheNextStartUpWaitsForItThenSucceedsWhateverTheVersion() {
        JobSpec reset = new JobSpec.FactoryReset(true);
        TargetResult sent = new TargetResult(TargetResult.Outcome.DELIVERED, "sent", List.of(), List.of());
        fixture.given(created(reset), new JobStarted("j1", now))
                .when(answered(TargetResult.Outcome.DELIVERED))
                .expectEvents(new JobTargetDelivered("j1", A.deviceId(), sent, now));
        fixture.given(created(reset), new JobStarted("j1", now), new JobTargetDelivered("j1", A.deviceId(), sent, now))
                .when(new RecordJobTargetStartUp("j1", A.deviceId(), "V1 R0.0.0", now))
                .expectEvents(new JobTargetCompleted("j1", A.deviceId(), JobStatus.SUCCESS, "phone started up again",
                                List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.SUCCESS, 1, 0, 0, 0, now));
    }

    @Test
    void aFailedAnswerEndsATargetThatWouldHaveWaitedForItsStartUp() {
        fixture.given(created(new JobSpec.Restart()), new JobStarted("j1", now))
                .when(answered(TargetResult.Outcome.FAILED))
                .expectEvents(new JobTargetCompleted("j1", A.deviceId(), JobStatus.FAILED, "sent", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.FAILED, 0, 0, 1, 0, now));
    }

    @Test
    void doneAtTheNextStartUpWithTheVersionFailsOnAnyOtherVersion() {
        JobSpec sw = new JobSpec.DeploySoftware("https://files.example/os60.img", "Siemens SIP", "V3 R5.21.0", false);
        TargetResult sent = new TargetResult(TargetResult.Outcome.DELIVERED, "sent", List.of(), List.of());
        fixture.given(created(sw), new JobStarted("j1", now), new JobTargetDelivered("j1", A.deviceId(), sent, now))
                .when(new RecordJobTargetStartUp("j1", A.deviceId(), "V3 R5.14.0", now))
                .expectEvents(new JobTargetCompleted("j1", A.deviceId(), JobStatus.FAILED,
                                "phone started up with V3 R5.14.0, not V3 R5.21.0", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.FAILED, 0, 0, 1, 0, now));
        fixture.given(created(sw), new JobStarted("j1", now), new JobTargetDelivered("j1", A.deviceId(), sent, now))
                .when(new RecordJobTargetStartUp("j1", A.deviceId(), " v3 r5.21.0 ", now))
                .expectEvents(new JobTargetCompleted("j1", A.deviceId(), JobStatus.SUCCESS,
                                "phone started up with V3 R5.21.0", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.SUCCESS, 1, 0, 0, 0, now));
    }

    @Test
    void aConfigurationIsDoneWhenAnsweredAndNeverWaitsForAStartUp() {
        JobSpec ntp = new JobSpec.Configure(List.of(new ParameterValue("general.date-time.sntp-server-address", null, "10.1.1.1")));
        fixture.given(created(ntp), new JobStarted("j1", now))
                .when(answered(TargetResult.Outcome.PARTIAL))
                .expectEvents(new JobTargetCompleted("j1", A.deviceId(), JobStatus.PARTIAL_SUCCESSFUL, "sent", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.PARTIAL_SUCCESSFUL, 0, 1, 0, 0, now));
        // A start-up told anyway (no delivery awaited it) changes nothing.
        fixture.given(created(ntp), new JobStarted("j1", now))
                .when(new RecordJobTargetStartUp("j1", A.deviceId(), "V3 R5.14.0", now))
                .expectNoEvents();
    }
}
