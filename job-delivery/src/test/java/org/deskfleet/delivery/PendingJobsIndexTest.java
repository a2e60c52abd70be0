package org.deskfleet.delivery;

import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobDeleted;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.deskfleet.kernel.job.JobTargetsAdded;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory pending work follows the Job events exactly. */
class PendingJobsIndexTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    static final JobTarget A = new JobTarget("a", null, null, null, null);
    static final JobTarget B = new JobTarget("b", null, null, null, null);

    final PendingJobsIndex index = new PendingJobsIndex();

    private void created(String id, JobSpec spec, JobTarget... targets) {
        index.on(new JobCreated(id, spec, List.of(targets), null, Duration.ofMinutes(5), Duration.ofDays(1), "x", null, T));
    }

    @Test
    void jobsArePendingFromTheirStartInTheOrderTheyStarted() {
        created("j1", new JobSpec.RefreshData(), A, B);
        created("j2", new JobSpec.Restart(), A);
        assertThat(index.hasPending("a")).isFalse(); // created, not started: a scheduled job waits
        index.on(new JobStarted("j2", T));
        index.on(new JobStarted("j1", T));
        assertThat(index.of("a")).extracting(j -> j.jobId()).containsExactly("j2", "j1");
        assertThat(index.devicesWithPending()).containsExactlyInAnyOrder("a", "b");

        index.on(new JobTargetDelivered("j2", "a", null, T));
        assertThat(index.of("a").get(0).awaitingStartUp()).isTrue();
        index.on(new JobTargetCompleted("j1", "a", JobStatus.SUCCESS, null, List.of(), List.of(), T));
        assertThat(index.hasPending("a")).isFalse(); // only the restart, awaiting its start-up
        assertThat(index.of("a")).hasSize(1);

        index.on(new JobCompleted("j2", JobStatus.TIMEOUT, 0, 0, 0, 1, T));
        index.on(new JobDeleted("j1", "bob", T));
        assertThat(index.of("a")).isEmpty();
        assertThat(index.of("b")).isEmpty();
        assertThat(index.devicesWithPending()).isEmpty();
    }

    @Test
    void aJobListedInPartsIsPendingForEveryTargetOnceEvenWhenAPartComesAgain() {
        JobTarget c = new JobTarget("c", null, null, null, null);
        created("j1", new JobSpec.RefreshData(), A);
        index.on(new JobTargetsAdded("j1", new JobSpec.RefreshData(), List.of(B, c), "x", null, T));
        index.on(new JobTargetsAdded("j1", new JobSpec.RefreshData(), List.of(B, c), "x", null, T)); // a replay
        assertThat(index.hasPending("b")).isFalse();
        index.on(new JobStarted("j1", T));
        assertThat(index.devicesWithPending()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(index.of("c")).extracting(j -> j.jobId()).containsExactly("j1");
        // Started: a part replayed after a crash adds nothing.
        index.on(new JobTargetsAdded("j1", new JobSpec.RefreshData(), List.of(new JobTarget("d", null, null, null, null)), "x", null, T));
        assertThat(index.hasPending("d")).isFalse();
    }

    @Test
    void pollingPhonesAreKnown() {
        index.on(new ClientAccessModeChanged("a", AccessMode.DIRECT, AccessMode.DCMP, T));
        assertThat(index.polls("a")).isTrue();
        index.on(new ClientAccessModeChanged("a", AccessMode.DCMP, AccessMode.DIRECT, T));
        assertThat(index.polls("a")).isFalse();
    }
}
