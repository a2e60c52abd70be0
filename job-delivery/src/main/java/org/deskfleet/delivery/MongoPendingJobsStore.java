package org.deskfleet.delivery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.BulkWriteOptions;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.deskfleet.kernel.job.JobSpec;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pending-jobs index in MongoDB, next to its processor's token: one document per active job (its
 * spec serialized as in the event store), one per pending target (deleted when the target ends) and one
 * per polling phone. The collections hold what is pending now, so loading them costs the size of the
 * current work, not of the history.
 */
public final class MongoPendingJobsStore implements PendingJobsStore {

    static final String JOBS = "pending_jobs";
    static final String TARGETS = "pending_job_targets";
    static final String POLLERS = "pending_job_pollers";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoTemplate mongo;
    private final Serializer serializer;
    private final String suffix;

    public MongoPendingJobsStore(MongoTemplate mongo, Serializer serializer) {
        this(mongo, serializer, "");
    }

    /**
     * @param node this node's name when several nodes share the MongoDB: each node keeps its own copy of the
     *             index beside its own position (every node serves any phone, so each needs all of it)
     */
    public MongoPendingJobsStore(MongoTemplate mongo, Serializer serializer, String node) {
        this.mongo = mongo;
        this.serializer = serializer;
        this.suffix = node == null || node.isBlank() ? "" : "__" + node;
    }

    private MongoCollection<Document> jobs() {
        return mongo.getCollection(JOBS + suffix);
    }

    private MongoCollection<Document> targets() {
        return mongo.getCollection(TARGETS + suffix);
    }

    private MongoCollection<Document> pollers() {
        return mongo.getCollection(POLLERS + suffix);
    }

    @Override
    public Snapshot load() {
        List<StoredJob> jobs = new ArrayList<>();
        for (Document d : jobs().find()) {
            Document spec = d.get("spec", Document.class);
            JobSpec s = serializer.deserialize(new SimpleSerializedObject<>(spec.getString("data"), String.class,
                    spec.getString("type"), spec.getString("revision")));
            jobs.add(new StoredJob(d.getString("_id"), s, d.getList("targets", String.class),
                    d.getLong("order"), d.getBoolean("started")));
        }
        List<StoredTarget> targets = new ArrayList<>();
        for (Document d : targets().find()) {
            targets.add(new StoredTarget(d.getString("job"), d.getString("device"), d.getBoolean("awaitingStartUp")));
        }
        Set<String> pollers = new HashSet<>();
        for (Document d : pollers().find()) {
            pollers.add(d.getString("_id"));
        }
        return new Snapshot(jobs, targets, pollers);
    }

    @Override
    public void created(StoredJob job) {
        jobs().replaceOne(Filters.eq("_id", job.jobId()), document(job), UPSERT);
    }

    @Override
    public void started(StoredJob job) {
        List<WriteModel<Document>> writes = new ArrayList<>(job.targets().size());
        for (String device : job.targets()) {
            String id = job.jobId() + "|" + device;
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id).append("job", job.jobId())
                    .append("device", device).append("awaitingStartUp", false), UPSERT));
        }
        // Targets first: a crash in between leaves the job "not started", and the replayed JobStarted redoes both.
        for (int from = 0; from < writes.size(); from += 1_000) {
            targets().bulkWrite(writes.subList(from, Math.min(writes.size(), from + 1_000)), new BulkWriteOptions().ordered(false));
        }
        jobs().replaceOne(Filters.eq("_id", job.jobId()), document(job), UPSERT);
    }

    @Override
    public void delivered(String jobId, String deviceId) {
        targets().updateOne(Filters.eq("_id", jobId + "|" + deviceId), Updates.set("awaitingStartUp", true));
    }

    @Override
    public void completed(String jobId, String deviceId) {
        targets().deleteOne(Filters.eq("_id", jobId + "|" + deviceId));
    }

    @Override
    public void forgotten(String jobId) {
        targets().deleteMany(Filters.eq("job", jobId));
        jobs().deleteOne(Filters.eq("_id", jobId));
    }

    @Override
    public void polling(String deviceId, boolean polls) {
        if (polls) {
            pollers().replaceOne(Filters.eq("_id", deviceId), new Document("_id", deviceId), UPSERT);
        } else {
            pollers().deleteOne(Filters.eq("_id", deviceId));
        }
    }

    @Override
    public void clear() {
        jobs().deleteMany(new Document());
        targets().deleteMany(new Document());
        pollers().deleteMany(new Document());
    }

    private Document document(StoredJob job) {
        SerializedObject<String> spec = serializer.serialize(job.spec(), String.class);
        return new Document("_id", job.jobId())
                .append("spec", new Document("type", spec.getType().getName())
                        .append("revision", spec.getType().getRevision()).append("data", spec.getData()))
                .append("targets", job.targets())
                .append("order", job.order())
                .append("started", job.started());
    }
}
