package org.deskfleet.delivery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link TargetEndings} in the shared MongoDB: one small document per ended target, naming the node that ended
 * it, dropped after a day.
 * <p>
 * An ending whose result is not recorded yet counts for as long as its node lives (its heartbeat in the delivery
 * leases' node list is fresh), however long the result command takes. It used to count for a fixed 30 s: under
 * load (a 500-phone job on two nodes sharing two cores with the rest) a result took a minute to be stored, the
 * ending lapsed, and the other node served the phone the same job again. A node that dies with results unstored
 * stops counting a lease time later, and its targets are pending again; a result command that fails takes its
 * ending back ({@link #failed}).
 */
public final class MongoTargetEndings implements TargetEndings {

    static final String COLLECTION = "delivery_target_endings";
    private static final Duration KEEP = Duration.ofDays(1);
    /** For endings written by nodes of an earlier version, which name no node: their fixed grace. */
    static final Duration UNRECORDED_GRACE = Duration.ofSeconds(30);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final String node;
    /** A node seen by the leases within this long is alive (the leases' own rule). */
    private final Duration alive;

    public MongoTargetEndings(MongoTemplate mongo, Clock clock, String node, Duration alive) {
        this.mongo = mongo;
        this.clock = clock;
        this.node = node;
        this.alive = alive;
    }

    private MongoCollection<Document> endings() {
        return mongo.getCollection(COLLECTION);
    }

    private static String id(String jobId, String deviceId) {
        return jobId + "|" + deviceId;
    }

    @Override
    public void ended(String jobId, String deviceId, boolean awaitsStartUp) {
        endings().replaceOne(Filters.eq("_id", id(jobId, deviceId)), new Document("_id", id(jobId, deviceId))
                .append("job", jobId).append("device", deviceId).append("awaitsStartUp", awaitsStartUp)
                .append("recorded", false).append("node", node).append("at", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
    }

    @Override
    public void failed(String jobId, String deviceId) {
        endings().deleteOne(Filters.and(Filters.eq("_id", id(jobId, deviceId)), Filters.eq("recorded", false)));
    }

    @Override
    public void recorded(String jobId, String deviceId) {
        endings().updateOne(Filters.eq("_id", id(jobId, deviceId)), Updates.set("recorded", true));
    }

    @Override
    public boolean isEnded(String jobId, String deviceId) {
        Document d = endings().find(Filters.eq("_id", id(jobId, deviceId))).first();
        if (d == null) {
            return false;
        }
        if (d.getBoolean("recorded", false)) {
            return true;
        }
        String by = d.getString("node");
        return by == null ? d.getDate("at").toInstant().isAfter(clock.instant().minus(UNRECORDED_GRACE)) : alive(by);
    }

    private boolean alive(String by) {
        if (by.equals(node)) {
            return true; // this very node: its own result is under way
        }
        Document seen = mongo.getCollection(MongoDeliveryLeases.NODES).find(Filters.eq("_id", by)).first();
        return seen != null && seen.getDate("seenAt").toInstant().isAfter(clock.instant().minus(alive));
    }

    @Override
    public Map<String, Boolean> takeAwaitingStartUp(String deviceId) {
        Map<String, Boolean> out = new HashMap<>();
        for (Document d : endings().find(Filters.and(Filters.eq("device", deviceId), Filters.eq("awaitsStartUp", true),
                Filters.eq("recorded", true)))) {
            // Taken once: only the node whose update matched tells the start-up.
            Document taken = endings().findOneAndUpdate(Filters.and(Filters.eq("_id", d.getString("_id")),
                    Filters.eq("awaitsStartUp", true)), Updates.set("awaitsStartUp", false));
            if (taken != null) {
                out.put(d.getString("job"), true);
            }
        }
        return out;
    }

    /** Drops markers old enough that every node's index has long seen their events. */
    public static void dropOld(MongoTemplate mongo, Clock clock) {
        mongo.getCollection(COLLECTION).deleteMany(Filters.lt("at", Date.from(clock.instant().minus(KEEP))));
    }
}
