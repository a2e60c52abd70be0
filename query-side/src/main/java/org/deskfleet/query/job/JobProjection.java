package org.deskfleet.query.job;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
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
import org.deskfleet.kernel.job.JobUpdate;
import org.deskfleet.kernel.job.WatchJob;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the job list ({@link JobDocument}) and job details ({@link JobTargetDocument}), one handler per
 * event. Each document remembers the last event it applied, so a replay over existing documents changes
 * nothing. Every applied change is also emitted to live subscribers ({@link WatchJob}).
 */
@Component
@ProcessingGroup(JobProjection.NAME)
public class JobProjection {

    public static final String NAME = "job-projection";

    private final MongoTemplate mongo;
    private final QueryUpdateEmitter emitter;

    public JobProjection(MongoTemplate mongo, QueryUpdateEmitter emitter) {
        this.mongo = mongo;
        this.emitter = emitter;
    }

    @EventHandler
    void on(JobCreated e, @SequenceNumber long seq) {
        JobDocument existing = mongo.findById(e.jobId(), JobDocument.class);
        if (existing != null && existing.lastSequence >= seq) {
            return;
        }
        List<JobTargetDocument> targets = new ArrayList<>(e.targets().size());
        for (JobTarget t : e.targets()) {
            JobTargetDocument d = new JobTargetDocument();
            d.id = JobTargetDocument.id(e.jobId(), t.deviceId());
            d.jobId = e.jobId();
            d.deviceId = t.deviceId();
            d.e164 = t.e164();
            d.deviceType = t.deviceType();
            d.softwareType = t.softwareType();
            d.state = JobStatus.CREATED;
            d.updatedAt = e.at();
            d.lastSequence = seq;
            targets.add(d);
        }
        // A replay after a crash between the two writes finds some targets already there.
        mongo.remove(Query.query(Criteria.where("_id").in(targets.stream().map(t -> t.id).toList())), JobTargetDocument.class);
        mongo.insertAll(targets);
        JobDocument d = new JobDocument();
        d.jobId = e.jobId();
        d.type = e.spec().type();
        d.summary = summary(e.spec());
        d.initiator = e.initiator();
        d.reason = e.reason();
        d.state = JobStatus.CREATED;
        d.createdAt = e.at();
        d.plannedAt = e.plannedAt() == null ? e.at() : e.plannedAt();
        d.total = targets.size();
        d.pending = targets.size();
        d.targetIds = e.targets().stream().map(JobTarget::deviceId).toList();
        d.lastSequence = seq;
        mongo.save(d);
        emit(d, null, JobStatus.CREATED, "created", e.at());
    }

    @EventHandler
    void on(JobStarted e, @SequenceNumber long seq) {
        job(e.jobId(), seq, d -> {
            d.state = JobStatus.ACTIVE;
            d.startedAt = e.at();
        }).ifPresent(d -> {
            // Target documents keep CREATED until they move; their state reads ACTIVE through the job's.
            emit(d, null, JobStatus.ACTIVE, "started", e.at());
        });
    }

    @EventHandler
    void on(JobTargetDeferred e, @SequenceNumber long seq) {
        target(e.jobId(), e.deviceId(), seq, t -> {
            t.attempts = e.attempts();
            t.detail = "deferred: " + e.reason();
            t.updatedAt = e.at();
        });
        job(e.jobId(), seq, d -> { }).ifPresent(d -> emit(d, e.deviceId(), JobStatus.ACTIVE, "deferred: " + e.reason(), e.at()));
    }

    @EventHandler
    void on(JobTargetDelivered e, @SequenceNumber long seq) {
        String detail = e.result() == null ? "delivered" : e.result().detail() + "; awaiting start-up";
        target(e.jobId(), e.deviceId(), seq, t -> {
            t.awaitingStartUp = true;
            t.detail = detail;
            if (e.result() != null) {
                t.exchange = new ArrayList<>(e.result().exchange());
            }
            t.updatedAt = e.at();
        });
        job(e.jobId(), seq, d -> { }).ifPresent(d -> emit(d, e.deviceId(), JobStatus.ACTIVE, detail, e.at()));
    }

    @EventHandler
    void on(JobTargetCompleted e, @SequenceNumber long seq) {
        target(e.jobId(), e.deviceId(), seq, t -> {
            t.state = e.state();
            t.detail = e.detail();
            t.awaitingStartUp = false;
            t.itemStatuses = new ArrayList<>(e.itemStatuses());
            if (!e.exchange().isEmpty()) {
                t.exchange = new ArrayList<>(e.exchange());
            }
            t.updatedAt = e.at();
        });
        job(e.jobId(), seq, d -> {
            d.pending = Math.max(0, d.pending - 1);
            switch (e.state()) {
                case SUCCESS -> d.succeeded++;
                case PARTIAL_SUCCESSFUL -> d.partial++;
                case TIMEOUT -> d.timedOut++;
                default -> d.failed++;
            }
        }).ifPresent(d -> emit(d, e.deviceId(), e.state(), e.detail(), e.at()));
    }

    @EventHandler
    void on(JobCompleted e, @SequenceNumber long seq) {
        job(e.jobId(), seq, d -> {
            d.state = e.state();
            d.completedAt = e.at();
        }).ifPresent(d -> emit(d, null, e.state(), "completed", e.at()));
    }

    @EventHandler
    void on(JobDeleted e, @SequenceNumber long seq) {
        JobDocument d = mongo.findById(e.jobId(), JobDocument.class);
        if (d == null) {
            return;
        }
        List<String> ids = d.targetIds.stream().map(id -> JobTargetDocument.id(e.jobId(), id)).toList();
        mongo.remove(Query.query(Criteria.where("_id").in(ids)), JobTargetDocument.class);
        mongo.remove(d);
        emitter.emit(WatchJob.class, q -> q.jobId().equals(e.jobId()),
                new JobUpdate(e.jobId(), null, d.state, "deleted by " + e.actor(), JobQueries.counts(d), seq, e.at()));
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(JobDocument.class);
        mongo.dropCollection(JobTargetDocument.class);
    }

    private java.util.Optional<JobDocument> job(String jobId, long seq, Consumer<JobDocument> change) {
        JobDocument d = mongo.findById(jobId, JobDocument.class);
        if (d == null || d.lastSequence >= seq) {
            return java.util.Optional.empty();
        }
        change.accept(d);
        d.lastSequence = seq;
        mongo.save(d);
        return java.util.Optional.of(d);
    }

    private void target(String jobId, String deviceId, long seq, Consumer<JobTargetDocument> change) {
        JobTargetDocument t = mongo.findById(JobTargetDocument.id(jobId, deviceId), JobTargetDocument.class);
        if (t == null || t.lastSequence >= seq) {
            return;
        }
        change.accept(t);
        t.lastSequence = seq;
        mongo.save(t);
    }

    private void emit(JobDocument d, String deviceId, JobStatus state, String detail, Instant at) {
        emitter.emit(WatchJob.class, q -> q.jobId().equals(d.jobId),
                new JobUpdate(d.jobId, deviceId, state, detail, JobQueries.counts(d), d.lastSequence, at));
    }

    /** A line for the job list: what the job does, without secret values. */
    static String summary(JobSpec spec) {
        return switch (spec) {
            case JobSpec.Configure c -> c.changes().size() + " parameter" + (c.changes().size() == 1 ? "" : "s") + ": "
                    + String.join(", ", c.changes().stream().limit(5).map(v -> v.slot()).toList())
                    + (c.changes().size() > 5 ? ", ..." : "");
            case JobSpec.RefreshData r -> "read all items";
            case JobSpec.Restart r -> "restart";
            case JobSpec.FactoryReset f -> "factory reset" + (f.keepCertificates() ? ", keep certificates" : "");
            case JobSpec.DeployFiles f -> f.files().size() == 1 ? "deploy " + f.files().get(0).fileType() + " " + f.files().get(0).url()
                    : "deploy " + f.files().size() + " files";
            case JobSpec.DeploySoftware s -> "software " + s.version() + " from " + s.url() + (s.immediate() ? " (immediate)" : "");
        };
    }
}
