package org.deskfleet.query.report;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.query.ReadModels;
import org.deskfleet.query.SequenceGuard;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The firmware report: how many clients run each software version of each device type. Counted by transitions:
 * each client's last known (device type, software version) is a small document of its own
 * ({@value #CLIENTS}), so an event that moves a phone from one version (or type) to another, or deletes it,
 * takes one from the bucket it was in and adds one to the bucket it goes to ({@value #BUCKETS}).
 *
 * <p>Counted once however often an event is handled (a replay, a batch repeated after a crash): the client's
 * document keeps the aggregate sequence of the last event applied, and the move is written ahead into it
 * ({@code moving}: sequence, from, to) before the buckets change. Each bucket change is guarded by the move's
 * token in the bucket ({@code pending}), so a move repeated after a crash between its writes completes what is
 * missing and repeats nothing; the tokens go once the client's document says the move is counted, and the move is
 * done when they are gone.
 */
@Component
@ProcessingGroup(FirmwareReportProjection.NAME)
public class FirmwareReportProjection {

    public static final String NAME = "firmware-report-projection";
    public static final String BUCKETS = "firmware_report";
    public static final String CLIENTS = "firmware_report_clients";

    private final MongoTemplate mongo;
    private final AtomicLong handled = new AtomicLong();

    public FirmwareReportProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ClientRegistered e, @SequenceNumber long seq) {
        move(e.deviceId(), seq, e.identity());
    }

    /** A quarantined phone approved joins the client list with the identity it came with. */
    @EventHandler
    void on(ClientApproved e, @SequenceNumber long seq) {
        move(e.deviceId(), seq, e.identity());
    }

    @EventHandler
    void on(ClientIdentityChanged e, @SequenceNumber long seq) {
        move(e.deviceId(), seq, e.identity());
    }

    @EventHandler
    void on(ClientDeleted e, @SequenceNumber long seq) {
        move(e.deviceId(), seq, null);
    }

    @ResetHandler
    void reset() {
        // Only what is there: the embedded MongoDB-wire server logs a stack trace for dropping a missing collection.
        for (String name : new String[]{ReadModels.name(BUCKETS), ReadModels.name(CLIENTS)}) {
            if (mongo.collectionExists(name)) {
                mongo.dropCollection(name);
            }
        }
        handled.set(0);
    }

    /** Events handled since start or the last reset. */
    public long handled() {
        return handled.get();
    }

    /** The bucket of a device type and software version (either may be unknown: an empty part). */
    static String bucket(String deviceType, String softwareVersion) {
        return (deviceType == null ? "" : deviceType) + "\t" + (softwareVersion == null ? "" : softwareVersion);
    }

    /** {@code identity} null: the client is gone. */
    private void move(String deviceId, long seq, ClientIdentity identity) {
        String clients = ReadModels.name(CLIENTS);
        Document client = mongo.findOne(SequenceGuard.byId(deviceId), Document.class, clients);
        long last = client == null || !(client.get("lastSequence") instanceof Number n) ? -1 : n.longValue();
        Document pending = client == null ? null : client.get("moving", Document.class);
        if (pending != null) {
            // A move written ahead and not finished: the batch that wrote it stopped in the middle (a crash).
            finish(deviceId, pending);
        }
        if (last >= seq) {
            return;
        }
        boolean present = client != null && !client.getBoolean("deleted", false);
        String from = present ? bucket(client.getString("deviceType"), client.getString("softwareVersion")) : null;
        String to = identity == null ? null : bucket(identity.deviceType(), identity.softwareVersion());
        Update update = new Update().set("lastSequence", seq).set("deleted", identity == null);
        if (identity != null) {
            update.set("deviceType", identity.deviceType()).set("softwareVersion", identity.softwareVersion());
        }
        if (Objects.equals(from, to)) {
            mongo.upsert(SequenceGuard.byId(deviceId), update.unset("moving"), clients);
            handled.incrementAndGet();
            return;
        }
        Document moving = new Document("sequence", seq).append("from", from).append("to", to)
                .append("deviceType", identity == null ? null : identity.deviceType())
                .append("softwareVersion", identity == null ? null : identity.softwareVersion());
        mongo.upsert(SequenceGuard.byId(deviceId), update.set("moving", moving), clients);
        finish(deviceId, moving);
        handled.incrementAndGet();
    }

    /**
     * The bucket changes of a move written ahead, each applied once (its token in the bucket); then the move is marked
     * counted, its tokens go, and the move is done. A repeat after a crash at any point completes what is missing.
     */
    private void finish(String deviceId, Document moving) {
        String buckets = ReadModels.name(BUCKETS);
        String clients = ReadModels.name(CLIENTS);
        String token = deviceId + "/" + ((Number) moving.get("sequence")).longValue();
        String from = moving.getString("from");
        String to = moving.getString("to");
        if (!moving.getBoolean("counted", false)) {
            if (to != null) {
                mongo.upsert(SequenceGuard.byId(to), new Update().setOnInsert("deviceType", moving.getString("deviceType"))
                        .setOnInsert("softwareVersion", moving.getString("softwareVersion")).setOnInsert("count", 0L)
                        .setOnInsert("pending", List.of()), buckets);
                count(buckets, to, token, 1);
            }
            if (from != null) {
                count(buckets, from, token, -1);
            }
            // Only once counted may the tokens go: a token gone before would let a repeated move count again.
            mongo.updateFirst(SequenceGuard.byId(deviceId), new Update().set("moving.counted", true), clients);
        }
        for (String bucket : new String[]{to, from}) {
            if (bucket != null) {
                mongo.updateFirst(SequenceGuard.byId(bucket), new Update().pull("pending", token), buckets);
            }
        }
        mongo.updateFirst(SequenceGuard.byId(deviceId), new Update().unset("moving"), clients);
    }

    /**
     * One client more or less in a bucket, unless this move already counted there. The filter has a second field
     * besides the id: the bucket collection is small (device types times versions), a scan of it is cheap.
     */
    private void count(String buckets, String bucket, String token, long delta) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(bucket).and("pending").ne(token)),
                new Update().inc("count", delta).push("pending", token), buckets);
    }
}
