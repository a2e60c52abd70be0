package org.deskfleet.query.job;

import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.bson.Document;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.job.ExchangeStep;
import org.deskfleet.kernel.job.ItemStatus;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobTargetsAdded;
import org.deskfleet.kernel.job.JobEvent;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.ContactChannel;
import org.deskfleet.kernel.job.JobTargetContacted;
import org.deskfleet.kernel.job.JobTargetDeferred;
import org.deskfleet.kernel.job.JobTargetServing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a crash can leave of the job projection's writes, and the replay that follows it: the events since the
 * stored position handled again, over documents some of whose writes were kept and some lost. Every case ends
 * with the documents a single pass writes (counts and every target's state).
 */
class JobProjectionReplayTest {

    static final String JOB = "job-1";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    org.deskfleet.query.WireStore store;
    MongoTemplate mongo;
    JobProjection projection;
    List<JobEvent> events;

    @BeforeEach
    void start() {
        store = org.deskfleet.query.WireStore.start();
        mongo = store.mongo();
        projection = new JobProjection(mongo, SimpleQueryUpdateEmitter.builder().build());
        List<JobTarget> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            targets.add(new JobTarget("00:1a:e8:00:00:0" + i, "49" + i, "OpenStage 60", "SIP", "V3"));
        }
        events = new ArrayList<>();
        // Listed in two parts, as a job of many targets is.
        JobSpec spec = new JobSpec.Configure(List.of(new ParameterValue("sntp", null, "10.1.1.1")));
        events.add(new JobCreated(JOB, spec, targets.subList(0, 4), null, Duration.ofHours(1), Duration.ofDays(1), "alice", "crash", T0));
        events.add(new JobTargetsAdded(JOB, spec, targets.subList(4, 6), "alice", "crash", T0));
        events.add(new JobStarted(JOB, T0.plusSeconds(1)));
        for (int i = 0; i < 6; i++) {
            String device = targets.get(i).deviceId();
            if (i % 3 == 0) {
                events.add(new JobTargetContacted(JOB, device, ContactChannel.CONTACT_ME, T0.plusSeconds(2 + i)));
            }
            if (i % 2 == 0) {
                events.add(new JobTargetServing(JOB, device, T0.plusSeconds(2 + i)));
                events.add(new JobTargetDeferred(JOB, device, "busy", 1, T0.plusSeconds(2 + i)));
            }
            events.add(new JobTargetCompleted(JOB, device, i == 5 ? JobStatus.FAILED : JobStatus.SUCCESS, "done " + i,
                    List.of(new ItemStatus("sntp-addr", null, "ok")), List.of(new ExchangeStep("WriteItems", 1, "ok")),
                    T0.plusSeconds(10 + i)));
        }
        events.add(new JobCompleted(JOB, JobStatus.PARTIAL_SUCCESSFUL, 5, 0, 1, 0, T0.plusSeconds(20)));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private void handle(int from, int to) {
        for (int seq = from; seq < to; seq++) {
            switch (events.get(seq)) {
                case JobCreated e -> projection.on(e, seq);
                case JobTargetsAdded e -> projection.on(e, seq);
                case JobStarted e -> projection.on(e, seq);
                case JobTargetDeferred e -> projection.on(e, seq);
                case JobTargetContacted e -> projection.on(e, seq);
                case JobTargetServing e -> projection.on(e, seq);
                case JobTargetCompleted e -> projection.on(e, seq);
                case JobCompleted e -> projection.on(e, seq);
                default -> throw new IllegalStateException("not in this test: " + events.get(seq));
            }
        }
    }

    @Test
    void aReplayFromAnyPositionOverWhatWasWrittenChangesNothing() {
        handle(0, events.size());
        Map<String, List<Document>> once = snapshot();
        assertThat(once.get("job_targets")).extracting(d -> d.getString("phase"))
                .containsExactly("DONE", "DONE", "DONE", "DONE", "DONE", "FAILED");
        assertThat(once.get("job_target_lists").getFirst().getList("deviceIds", String.class)).hasSize(6).doesNotHaveDuplicates();
        assertThat(once.get("jobs").getFirst()).containsEntry("total", 6).containsEntry("succeeded", 5).containsEntry("failed", 1)
                .containsEntry("pending", 0).containsEntry("state", "PARTIAL_SUCCESSFUL");
        for (int from = 0; from < events.size(); from++) {
            handle(from, events.size());
            assertThat(snapshot()).as("replayed from %d", from).isEqualTo(once);
        }
    }

    @Test
    void aCrashThatKeptATargetsWriteAndLostTheJobsIsRepairedByTheReplay() {
        handle(0, events.size());
        Map<String, List<Document>> once = snapshot();
        for (int crashAt = 2; crashAt < events.size(); crashAt++) {
            if (!(events.get(crashAt) instanceof JobTargetCompleted)) {
                continue;
            }
            // The job summary as it was before the event; every target as after it (their writes came first).
            mongo.dropCollection(JobDocument.class);
            mongo.dropCollection(JobTargetDocument.class);
            mongo.dropCollection(JobTargetListDocument.class);
            handle(0, crashAt);
            Document jobBefore = mongo.findById(JOB, Document.class, "jobs");
            handle(crashAt, crashAt + 1);
            mongo.save(jobBefore, "jobs");
            // The position stored before the crash was at most the event before: the replay starts at or before it.
            handle(Math.max(0, crashAt - 3), events.size());
            assertThat(snapshot()).as("crash inside event %d", crashAt).isEqualTo(once);
        }
    }

    private Map<String, List<Document>> snapshot() {
        Map<String, List<Document>> all = new TreeMap<>();
        for (String c : List.of("jobs", "job_targets", "job_target_lists")) {
            all.put(c, mongo.find(new Query().with(Sort.by("_id")), Document.class, c));
        }
        return all;
    }
}
