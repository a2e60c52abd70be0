package org.deskfleet.command.job;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.kernel.configuration.ConfigurationRejected;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.DeleteJob;
import org.deskfleet.kernel.job.ItemStatus;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobDeleted;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetDeferred;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;
import org.deskfleet.kernel.job.TargetResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Job slice through Axon's aggregate fixture, deadlines included. */
class JobTest {

    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration LIFETIME = Duration.ofDays(7);
    private static final JobTarget A = JobFixtures.A;
    private static final JobTarget B = new JobTarget("001ae8000002", "4930101", "OpenStage 40", "Siemens SIP", "V3 R5.14.0");
    private static final JobTarget C = new JobTarget("001ae8000003", "4930102", "OpenStage 80", "Siemens SIP", "V3 R3.24.0");
    private static final JobSpec.Configure NTP = new JobSpec.Configure(List.of(new ParameterValue(SNTP, null, "10.1.1.1")));
    private static final JobSpec.DeploySoftware SW = new JobSpec.DeploySoftware("https://files.example/os60.img",
            "Siemens SIP", "V3 R5.21.0", false);

    private AggregateTestFixture<Job> fixture;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = JobFixtures.job();
        now = fixture.currentTime();
    }

    private JobCreated created(JobSpec spec, Instant planned, JobTarget... targets) {
        return new JobCreated("j1", spec, List.of(targets), planned, TIMEOUT, LIFETIME, "alice", "why", now);
    }

    private RecordJobTargetResult result(JobTarget t, TargetResult.Outcome outcome, ItemStatus... statuses) {
        return new RecordJobTargetResult("j1", t.deviceId(), new TargetResult(outcome, outcome.name(), List.of(statuses), List.of()), now);
    }

    @Test
    void aJobForNowStartsAtOnceAndSchedulesItsTimeout() {
        fixture.givenNoPriorActivity()
                .when(new CreateJob("j1", NTP, List.of(A, B), null, TIMEOUT, LIFETIME, "alice", "why", now))
                .expectEvents(created(NTP, null, A, B), new JobStarted("j1", now))
                .expectScheduledDeadlineWithName(TIMEOUT, Job.TIMEOUT)
                .expectScheduledDeadlineWithName(LIFETIME, Job.EXPIRY);
    }

    @Test
    void aScheduledJobStartsWhenItsTimeComes() {
        Instant planned = now.plus(Duration.ofHours(2));
        fixture.givenNoPriorActivity()
                .when(new CreateJob("j1", NTP, List.of(A), planned, TIMEOUT, LIFETIME, "alice", "why", now))
                .expectEvents(created(NTP, planned, A))
                .expectScheduledDeadlineWithName(Duration.ofHours(2), Job.START);
        fixture.givenNoPriorActivity()
                .andGivenCommands(new CreateJob("j1", NTP, List.of(A), planned, TIMEOUT, LIFETIME, "alice", "why", now))
                .whenTimeElapses(Duration.ofHours(2).plusSeconds(1))
                .expectTriggeredDeadlinesMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.anything())))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.instanceOf(JobStarted.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void aPlanInThePastIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateJob("j1", NTP, List.of(A), now.minus(Duration.ofHours(1)), TIMEOUT, LIFETIME, "alice", "why", now))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("in the past"))
                .expectNoEvents();
    }

    @Test
    void anInvalidConfigurationNamesEveryBadEntryAndCreatesNothing() {
        JobSpec.Configure bad = new JobSpec.Configure(List.of(new ParameterValue(SNTP, null, "not an address!"),
                new ParameterValue("no.such.parameter", null, "1")));
        fixture.givenNoPriorActivity()
                .when(new CreateJob("j1", bad, List.of(A, B), null, TIMEOUT, LIFETIME, "alice", "why", now))
                .expectException(CommandExecutionException.class)
                .expectNoEvents()
                .expectExceptionDetails(org.hamcrest.Matchers.instanceOf(ConfigurationRejected.class));
    }

    @Test
    void targetsEndOneByOneAndTheJobIsPartialSuccessful() {
        ItemStatus refused = new ItemStatus("sntp-addr", null, "refused");
        fixture.given(created(NTP, null, A, B, C), new JobStarted("j1", now),
                        new JobTargetCompleted("j1", A.deviceId(), JobStatus.SUCCESS, "ACCEPTED", List.of(), List.of(), now),
                        new JobTargetCompleted("j1", B.deviceId(), JobStatus.PARTIAL_SUCCESSFUL, "PARTIAL", List.of(refused), List.of(), now))
                .when(result(C, TargetResult.Outcome.FAILED))
                .expectEvents(new JobTargetCompleted("j1", C.deviceId(), JobStatus.FAILED, "FAILED", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.PARTIAL_SUCCESSFUL, 1, 1, 1, 0, now));
    }

    @Test
    void aRepeatedOrLateResultChangesNothing() {
        fixture.given(created(NTP, null, A, B), new JobStarted("j1", now),
                        new JobTargetCompleted("j1", A.deviceId(), JobStatus.SUCCESS, "ACCEPTED", List.of(), List.of(), now))
                .when(result(A, TargetResult.Outcome.FAILED))
                .expectNoEvents();
    }

    @Test
    void aBusyPhoneIsDeferredAndCounted() {
        fixture.given(created(NTP, null, A), new JobStarted("j1", now),
                        new JobTargetDeferred("j1", A.deviceId(), "busy", 1, now))
                .when(new RecordJobTargetDeferred("j1", A.deviceId(), "busy", now))
                .expectEvents(new JobTargetDeferred("j1", A.deviceId(), "busy", 2, now));
    }

    @Test
    void softwareSucceedsOnlyWhenThePhoneComesBackWithTheNewVersion() {
        TargetResult accepted = new TargetResult(TargetResult.Outcome.ACCEPTED, "accepted", List.of(), List.of());
        fixture.given(created(SW, null, A, B), new JobStarted("j1", now))
                .when(new RecordJobTargetResult("j1", A.deviceId(), accepted, now))
                .expectEvents(new JobTargetDelivered("j1", A.deviceId(), accepted, now));
        fixture.given(created(SW, null, A, B), new JobStarted("j1", now),
                        new JobTargetDelivered("j1", A.deviceId(), accepted, now),
                        new JobTargetDelivered("j1", B.deviceId(), accepted, now),
                        new JobTargetCompleted("j1", A.deviceId(), JobStatus.SUCCESS, "phone started up with V3 R5.21.0", List.of(), List.of(), now))
                .when(new RecordJobTargetStartUp("j1", B.deviceId(), "V3 R5.14.0", now))
                .expectEvents(new JobTargetCompleted("j1", B.deviceId(), JobStatus.FAILED,
                                "phone started up with V3 R5.14.0, not V3 R5.21.0", List.of(), List.of(), now),
                        new JobCompleted("j1", JobStatus.PARTIAL_SUCCESSFUL, 1, 0, 1, 0, now));
        // a start-up before the phone took the job proves nothing
        fixture.given(created(SW, null, A), new JobStarted("j1", now))
                .when(new RecordJobTargetStartUp("j1", A.deviceId(), "V3 R5.21.0", now))
                .expectNoEvents();
    }

    @Test
    void theTimeoutEndsEveryOpenTarget() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(new CreateJob("j1", new JobSpec.Restart(), List.of(A, B), null, TIMEOUT, LIFETIME, "alice", "why", now),
                        new RecordJobTargetResult("j1", A.deviceId(), new TargetResult(TargetResult.Outcome.DELIVERED, "restart sent", List.of(), List.of()), now))
                .whenTimeElapses(TIMEOUT.plusSeconds(1))
                .expectTriggeredDeadlinesMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.anything())))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.allOf(
                                org.hamcrest.Matchers.instanceOf(JobTargetCompleted.class))),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.instanceOf(JobTargetCompleted.class)),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.instanceOf(JobCompleted.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void theTimeoutDecidesOnStateAlone() {
        JobState s = JobDecider.evolve(JobDecider.evolve(JobState.INITIAL, created(new JobSpec.Restart(), null, A, B)),
                new JobStarted("j1", now));
        s = JobDecider.evolve(s, new JobTargetDelivered("j1", A.deviceId(), null, now));
        var events = JobDecider.timeout(s, now).events();
        assertThat(events).hasSize(3);
        assertThat(((JobTargetCompleted) events.get(0)).detail()).contains("did not start up again");
        assertThat(((JobTargetCompleted) events.get(1)).detail()).contains("did not call in");
        assertThat(((JobCompleted) events.get(2)).state()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(JobDecider.overall(2, 0, 0, 0)).isEqualTo(JobStatus.SUCCESS);
        assertThat(JobDecider.overall(0, 0, 1, 1)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aDeletedJobTakesNoMoreResults() {
        fixture.given(created(NTP, null, A), new JobStarted("j1", now))
                .when(new DeleteJob("j1", "bob", now))
                .expectEvents(new JobDeleted("j1", "bob", now));
        fixture.given(created(NTP, null, A), new JobStarted("j1", now), new JobDeleted("j1", "bob", now))
                .when(result(A, TargetResult.Outcome.ACCEPTED))
                .expectNoEvents();
    }

    @Test
    void aJobIsDeletedItsLifetimeAfterItsCreationButNeverWhileActive() {
        // Still active when its lifetime ends: kept, and deleted once it ends.
        Duration shortLife = Duration.ofMinutes(10);
        fixture.givenNoPriorActivity()
                .andGivenCommands(new CreateJob("j1", new JobSpec.RefreshData(), List.of(A), null, TIMEOUT, shortLife, "alice", "why", now))
                .whenTimeElapses(shortLife.plusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void anEndedJobIsDeletedAtTheEndOfItsLifetime() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(new CreateJob("j1", new JobSpec.RefreshData(), List.of(A), null, TIMEOUT, LIFETIME, "alice", "why", now),
                        new RecordJobTargetResult("j1", A.deviceId(), new TargetResult(TargetResult.Outcome.ACCEPTED, "ok", List.of(), List.of()), now))
                .whenTimeElapses(LIFETIME.plusSeconds(1))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.instanceOf(JobDeleted.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }
}
