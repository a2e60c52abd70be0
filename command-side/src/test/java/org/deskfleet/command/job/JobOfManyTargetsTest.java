package org.deskfleet.command.job;

import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobEvent;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetsAdded;
import org.deskfleet.kernel.job.TargetPhase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A job of many targets lists them in parts, recorded at once, so that no event nears a message size limit. */
class JobOfManyTargetsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static List<JobTarget> targets(int n) {
        List<JobTarget> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new JobTarget(String.format("001ae8%06x", i), "49301" + i, "OpenStage 60", "Siemens SIP", "V3 R5.14.0"));
        }
        return all;
    }

    @Test
    void twoThousandFiveHundredTargetsAreListedInThreePartsBeforeTheStart() {
        List<JobTarget> all = targets(2_500);
        List<JobEvent> events = JobDecider.decide(new CreateJob("j1", new JobSpec.Restart(), all, null, Duration.ofHours(1),
                Duration.ZERO, "alice", "why", T0), JobState.INITIAL).events();

        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isInstanceOfSatisfying(JobCreated.class, c -> assertThat(c.targets()).isEqualTo(all.subList(0, 1_000)));
        assertThat(events.get(1)).isInstanceOfSatisfying(JobTargetsAdded.class, a -> {
            assertThat(a.targets()).isEqualTo(all.subList(1_000, 2_000));
            assertThat(a.spec()).isEqualTo(new JobSpec.Restart());
            assertThat(a.initiator()).isEqualTo("alice");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(JobTargetsAdded.class, a -> assertThat(a.targets()).isEqualTo(all.subList(2_000, 2_500)));
        assertThat(events.get(3)).isInstanceOf(JobStarted.class);

        JobState s = JobState.INITIAL;
        for (JobEvent e : events) {
            s = JobDecider.evolve(s, e);
        }
        assertThat(List.copyOf(s.targets().keySet())).isEqualTo(all.stream().map(JobTarget::deviceId).toList());
        assertThat(s.targets().values()).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(JobStatus.ACTIVE);
            assertThat(t.phase()).isEqualTo(TargetPhase.PENDING);
        });
    }

    @Test
    void aJobOfAThousandTargetsIsOneEvent() {
        List<JobEvent> events = JobDecider.decide(new CreateJob("j1", new JobSpec.Restart(), targets(1_000), null, Duration.ofHours(1),
                Duration.ZERO, "alice", "why", T0), JobState.INITIAL).events();
        assertThat(events).hasSize(2).first().isInstanceOf(JobCreated.class);
    }
}
