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

/** {@link TargetEndings} in the shared MongoDB: one small document per ended target, dropped after a day. */
public final class MongoTargetEndings implements TargetEndings {

    static final String COLLECTION = "delivery_target_endings";
    private static final Duration KEEP = Duration.ofDays(1);
    /**
     * A result command takes milliseconds; one not recorded after this long was lost with its node (killed
     * between answering the phone and storing the result): the target is pending again for the other nodes.
     */
    static final Duration UNRECORDED_GRACE = Duration.ofSeconds(30);

    private final MongoTemplate mongo;
    private final Clock clock;

    public MongoTargetEndings(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
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
                .append("recorded", false).append("at", Date.from(clock.instant())), new ReplaceOptions().upsert(true));
    }

    @Override
    public void recorded(String jobId, String deviceId) {
        endings().updateOne(Filters.eq("_id", id(jobId, deviceId)), Updates.set("recorded", true));
    }

    @Override
    public boolean isEnded(String jobId, String deviceId) {
        Document d = endings().find(Filters.eq("_id", id(jobId, deviceId))).first();
        return d != null && (d.getBoolean("recorded", false)
                || d.getDate("at").toInstant().isAfter(clock.instant().minus(UNRECORDED_GRACE)));
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
    public void dropOld() {
        endings().deleteMany(Filters.lt("at", Date.from(clock.instant().minus(KEEP))));
    }
}
