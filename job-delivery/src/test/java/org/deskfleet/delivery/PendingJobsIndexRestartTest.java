package org.deskfleet.delivery;

import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index starts from its stored state, not from the history, and the same events coming again (a crash
 * between a write and the stored position) change nothing.
 */
class PendingJobsIndexRestartTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    /** The store's contract, in maps. */
    static final class MapStore implements PendingJobsStore {
        final Map<String, StoredJob> jobs = new LinkedHashMap<>();
        final Map<String, StoredTarget> targets = new LinkedHashMap<>();
        final Set<String> pollers = new HashSet<>();

        public Snapshot load() {
            return new Snapshot(List.copyOf(jobs.values()), List.copyOf(targets.values()), Set.copyOf(pollers));
        }

        public void created(StoredJob job) {
            jobs.put(job.jobId(), job);
        }

        public void started(StoredJob job) {
            job.targets().forEach(d -> targets.put(job.jobId() + "|" + d, new StoredTarget(job.jobId(), d, false)));
            jobs.put(job.jobId(), job);
        }

        public void delivered(String jobId, String deviceId) {
            targets.computeIfPresent(jobId + "|" + deviceId, (k, t) -> new StoredTarget(jobId, deviceId, true));
        }

        public void completed(String jobId, String deviceId) {
            targets.remove(jobId + "|" + deviceId);
        }

        public void forgotten(String jobId) {
            targets.values().removeIf(t -> t.jobId().equals(jobId));
            jobs.remove(jobId);
        }

        public void polling(String deviceId, boolean polls) {
            if (polls) {
                pollers.add(deviceId);
            } else {
                pollers.remove(deviceId);
            }
        }

        public void clear() {
            jobs.clear();
            targets.clear();
            pollers.clear();
        }
    }

    private static JobCreated created(String id, JobSpec spec, String... devices) {
        List<JobTarget> targets = new ArrayList<>();
        for (String d : devices) {
            targets.add(new JobTarget(d, null, null, null, null));
        }
        return new JobCreated(id, spec, targets, null, Duration.ofMinutes(5), Duration.ofDays(1), "x", null, T);
    }

    private static List<Object> history() {
        return List.of(
                created("old", new JobSpec.FactoryReset(false), "a", "b"),
                new JobStarted("old", T),
                new JobTargetCompleted("old", "a", JobStatus.SUCCESS, null, List.of(), List.of(), T),
                new JobTargetCompleted("old", "b", JobStatus.SUCCESS, null, List.of(), List.of(), T),
                new JobCompleted("old", JobStatus.SUCCESS, 2, 0, 0, 0, T),
                created("restart", new JobSpec.Restart(), "a", "c"),
                new JobStarted("restart", T),
                new JobTargetDelivered("restart", "a", null, T),
                created("refresh", new JobSpec.RefreshData(), "a", "b"),
                new JobStarted("refresh", T),
                created("later", new JobSpec.RefreshData(), "c"),
                new ClientAccessModeChanged("b", AccessMode.DIRECT, AccessMode.DCMP, T));
    }

    private static void apply(PendingJobsIndex index, List<Object> events) {
        for (Object e : events) {
            switch (e) {
                case JobCreated c -> index.on(c);
                case JobStarted s -> index.on(s);
                case JobTargetDelivered d -> index.on(d);
                case JobTargetCompleted c -> index.on(c);
                case JobCompleted c -> index.on(c);
                case ClientAccessModeChanged m -> index.on(m);
                default -> throw new IllegalArgumentException(e.toString());
            }
        }
    }

    private static String state(PendingJobsIndex index) {
        StringBuilder out = new StringBuilder();
        for (String d : List.of("a", "b", "c")) {
            out.append(d).append(index.of(d).stream().map(j -> j.jobId() + (j.awaitingStartUp() ? "*" : "")).toList())
                    .append(index.hasPending(d)).append(index.polls(d)).append(' ');
        }
        return out + new java.util.TreeSet<>(index.devicesWithPending()).toString();
    }

    @Test
    void aNewIndexStartsFromTheStoreWithoutAnyEvent() {
        MapStore store = new MapStore();
        PendingJobsIndex first = new PendingJobsIndex(store);
        apply(first, history());
        assertThat(state(first)).isEqualTo("a[restart*, refresh]truefalse b[refresh]truetrue c[restart]truefalse [a, b, c]");

        PendingJobsIndex restarted = new PendingJobsIndex(store);
        assertThat(state(restarted)).isEqualTo(state(first));
        // And a job created before the restart can still start after it.
        restarted.on(new JobStarted("later", T));
        assertThat(restarted.of("c")).extracting(PendingJobs_jobId()).containsExactly("restart", "later");
    }

    @Test
    void theSameEventsAgainChangeNothing() {
        MapStore store = new MapStore();
        PendingJobsIndex index = new PendingJobsIndex(store);
        apply(index, history());
        String once = state(index);
        PendingJobsIndex afterCrash = new PendingJobsIndex(store);
        apply(afterCrash, history());
        assertThat(state(afterCrash)).isEqualTo(once);
        assertThat(state(new PendingJobsIndex(store))).isEqualTo(once);
    }

    private static java.util.function.Function<org.deskfleet.delivery.PendingJobs.PendingJob, String> PendingJobs_jobId() {
        return org.deskfleet.delivery.PendingJobs.PendingJob::jobId;
    }
}
