package org.deskfleet.query.job;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobTargetsAdded;
import org.deskfleet.kernel.job.JobDeleted;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetContacted;
import org.deskfleet.kernel.job.JobTargetDeferred;
import org.deskfleet.kernel.job.JobTargetServing;
import org.deskfleet.kernel.job.TargetPhase;
import org.deskfleet.kernel.job.JobTargetDelivered;
import org.deskfleet.kernel.job.JobUpdate;
import org.deskfleet.kernel.job.WatchJob;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    private final java.util.concurrent.atomic.AtomicLong handled = new java.util.concurrent.atomic.AtomicLong();

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
        List<JobTargetDocument> targets = insertTargets(e.jobId(), e.targets(), e.at(), seq);
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
        d.lastSequence = seq;
        JobTargetListDocument list = new JobTargetListDocument();
        list.jobId = e.jobId();
        list.deviceIds = e.targets().stream().map(JobTarget::deviceId).toList();
        mongo.save(list);
        mongo.save(d);
        handled.incrementAndGet();
        emit(d, null, JobStatus.CREATED, "created", e.at());
    }

    /**
     * More targets of a job of many (listed in parts at its creation): their documents, then the list, then the
     * job's counts, which carry the position; a replay after a crash in between redoes the first two alike.
     */
    @EventHandler
    void on(JobTargetsAdded e, @SequenceNumber long seq) {
        JobDocument existing = mongo.findById(e.jobId(), JobDocument.class);
        if (existing == null || existing.lastSequence >= seq) {
            return;
        }
        insertTargets(e.jobId(), e.targets(), e.at(), seq);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(e.jobId())),
                new Update().addToSet("deviceIds").each(e.targets().stream().map(JobTarget::deviceId).toArray()),
                JobTargetListDocument.class);
        job(e.jobId(), seq, new Update().inc("total", e.targets().size()).inc("pending", e.targets().size()));
    }

    private List<JobTargetDocument> insertTargets(String jobId, List<JobTarget> of, Instant at, long seq) {
        List<JobTargetDocument> targets = new ArrayList<>(of.size());
        for (JobTarget t : of) {
            JobTargetDocument d = new JobTargetDocument();
            d.id = JobTargetDocument.id(jobId, t.deviceId());
            d.jobId = jobId;
            d.deviceId = t.deviceId();
            d.e164 = t.e164();
            d.deviceType = t.deviceType();
            d.softwareType = t.softwareType();
            d.state = JobStatus.CREATED;
            d.phase = TargetPhase.PLANNED;
            d.updatedAt = at;
            d.lastSequence = seq;
            targets.add(d);
        }
        // A replay after a crash between the writes finds some targets already there.
        mongo.remove(Query.query(Criteria.where("_id").in(targets.stream().map(t -> t.id).toList())), JobTargetDocument.class);
        mongo.insertAll(targets);
        return targets;
    }

    @EventHandler
    void on(JobStarted e, @SequenceNumber long seq) {
        // Target documents keep CREATED until they move; their state reads ACTIVE through the job's.
        job(e.jobId(), seq, new Update().set("state", JobStatus.ACTIVE).set("startedAt", e.at()))
                .ifPresent(d -> emit(d, null, JobStatus.ACTIVE, "started", e.at()));
    }

    @EventHandler
    void on(JobTargetContacted e, @SequenceNumber long seq) {
        String detail = switch (e.channel()) {
            case CONTACT_ME -> "contacted (contact-me)";
            case DCMP_POLL -> "contacted (told on its poll)";
        };
        target(e.jobId(), e.deviceId(), seq, new Update().set("phase", TargetPhase.CONTACTING).set("detail", detail)
                .set("updatedAt", e.at()));
        job(e.jobId(), seq, new Update()).ifPresent(d -> emit(d, e.deviceId(), JobStatus.ACTIVE, detail, e.at()));
    }

    @EventHandler
    void on(JobTargetServing e, @SequenceNumber long seq) {
        String detail = "in interaction";
        target(e.jobId(), e.deviceId(), seq, new Update().set("phase", TargetPhase.IN_INTERACTION).set("detail", detail)
                .set("updatedAt", e.at()));
        job(e.jobId(), seq, new Update()).ifPresent(d -> emit(d, e.deviceId(), JobStatus.ACTIVE, detail, e.at()));
    }

    @EventHandler
    void on(JobTargetDeferred e, @SequenceNumber long seq) {
        String detail = "deferred: " + e.reason();
        target(e.jobId(), e.deviceId(), seq, new Update().set("attempts", e.attempts()).set("detail", detail)
                .set("phase", TargetPhase.PENDING).set("updatedAt", e.at()));
        job(e.jobId(), seq, new Update()).ifPresent(d -> emit(d, e.deviceId(), JobStatus.ACTIVE, detail, e.at()));
    }

    @EventHandler
    void on(JobTargetDelivered e, @SequenceNumber long seq) {
        String detail = e.result() == null ? "delivered; awaiting start-up" : e.result().detail() + "; awaiting start-up";
        Update u = new Update().set("awaitingStartUp", true).set("phase", TargetPhase.AWAITING_START_UP)
                .set("detail", detail).set("updatedAt", e.at());
        if (e.result() != null) {
            u.set("exchange", e.result().exchange());
        }
        target(e.jobId(), e.deviceId(), seq, u);
        job(e.jobId(), seq, new Update()).ifPresent(d -> emit(d, e.deviceId(), JobStatus.ACTIVE, detail, e.at()));
    }

    @EventHandler
    void on(JobTargetCompleted e, @SequenceNumber long seq) {
        Update u = new Update().set("state", e.state()).set("detail", e.detail()).set("awaitingStartUp", false)
                .set("phase", TargetPhase.endedAs(e.state()))
                .set("itemStatuses", e.itemStatuses()).set("updatedAt", e.at());
        if (!e.exchange().isEmpty()) {
            u.set("exchange", e.exchange());
        }
        target(e.jobId(), e.deviceId(), seq, u);
        String counter = switch (e.state()) {
            case SUCCESS -> "succeeded";
            case PARTIAL_SUCCESSFUL -> "partial";
            case TIMEOUT -> "timedOut";
            default -> "failed";
        };
        job(e.jobId(), seq, new Update().inc("pending", -1).inc(counter, 1))
                .ifPresent(d -> emit(d, e.deviceId(), e.state(), e.detail(), e.at()));
    }

    @EventHandler
    void on(JobCompleted e, @SequenceNumber long seq) {
        job(e.jobId(), seq, new Update().set("state", e.state()).set("completedAt", e.at()))
                .ifPresent(d -> emit(d, null, e.state(), "completed", e.at()));
    }

    @EventHandler
    void on(JobDeleted e, @SequenceNumber long seq) {
        JobDocument d = mongo.findById(e.jobId(), JobDocument.class);
        JobTargetListDocument list = mongo.findById(e.jobId(), JobTargetListDocument.class);
        if (d == null) {
            return;
        }
        if (list != null) {
            List<String> ids = list.deviceIds.stream().map(id -> JobTargetDocument.id(e.jobId(), id)).toList();
            mongo.remove(Query.query(Criteria.where("_id").in(ids)), JobTargetDocument.class);
            mongo.remove(list);
        }
        mongo.remove(d);
        handled.incrementAndGet();
        emitter.emit(WatchJob.class, q -> q.jobId().equals(e.jobId()),
                new JobUpdate(e.jobId(), null, d.state, "deleted by " + e.actor(), JobQueries.counts(d), seq, e.at()));
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(JobDocument.class);
        mongo.dropCollection(JobTargetDocument.class);
        mongo.dropCollection(JobTargetListDocument.class);
        handled.set(0);
    }

    /** Events applied since the start or the last reset (the rebuild reports it). */
    public long handled() {
        return handled.get();
    }

    /** One round trip: applied only if the document has not seen this event, and the result comes back. */
    private java.util.Optional<JobDocument> job(String jobId, long seq, Update change) {
        JobDocument d = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(jobId).and("lastSequence").lt(seq)),
                change.set("lastSequence", seq), FindAndModifyOptions.options().returnNew(true), JobDocument.class);
        if (d != null) {
            handled.incrementAndGet();
        }
        return java.util.Optional.ofNullable(d);
    }

    private void target(String jobId, String deviceId, long seq, Update change) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(JobTargetDocument.id(jobId, deviceId)).and("lastSequence").lt(seq)),
                change.set("lastSequence", seq), JobTargetDocument.class);
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
            case JobSpec.MobileUserLogon l -> "log mobile user " + l.e164() + " on";
            case JobSpec.MobileUserLogoff l -> "log mobile user " + l.e164() + " off";
            case JobSpec.DeploySoftware s -> "software " + s.version() + " from " + s.url() + (s.immediate() ? " (immediate)" : "");
        };
    }
}
