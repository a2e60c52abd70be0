package org.deskfleet.delivery;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivery partitioned by leases in the shared MongoDB: phones fall into a fixed number of partitions (by a
 * hash of the device id, the same on every node), each leased by one node for a short time and renewed while
 * it lives. Every node heartbeats; each holds about its share (partitions / live nodes), gives back what is
 * above it and takes free or expired leases up to it. A node killed outright stops renewing: after one lease
 * time its partitions are taken by the others. A node stops contacting a partition a margin before its lease
 * ends, so two nodes never hold one partition at once (clocks kept by NTP, as for any lease). A partition
 * taken from another node (expired or given back) is contacted only one lease time later: the phones that
 * node contacted just before may still be in their interactions (carried on here or elsewhere), and a second
 * contact-me would start a second interaction over the first.
 */
public final class MongoDeliveryLeases implements DeliveryPartition {

    static final String LEASES = "delivery_leases";
    static final String NODES = "delivery_nodes";
    private static final Logger log = LoggerFactory.getLogger(MongoDeliveryLeases.class);

    private final MongoTemplate mongo;
    private final String node;
    private final int partitions;
    private final Duration lease;
    private final Clock clock;
    /** partition → until when this node may contact its phones */
    private final Map<Integer, Instant> held = new ConcurrentHashMap<>();
    /** partition → from when this node contacts its phones (taken from another node: after a settling time) */
    private final Map<Integer, Instant> contactFrom = new ConcurrentHashMap<>();

    public MongoDeliveryLeases(MongoTemplate mongo, String node, int partitions, Duration lease, Clock clock) {
        if (node == null || node.isBlank() || partitions < 1 || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("leases need a node name, at least one partition and a positive lease time");
        }
        this.mongo = mongo;
        this.node = node;
        this.partitions = partitions;
        this.lease = lease;
        this.clock = clock;
    }

    /** The partition of a phone: the same on every node. */
    public int partitionOf(String deviceId) {
        return Math.floorMod(deviceId.hashCode(), partitions);
    }

    @Override
    public boolean owns(String deviceId) {
        int p = partitionOf(deviceId);
        Instant until = held.get(p);
        Instant now = clock.instant();
        return until != null && now.isBefore(until) && !now.isBefore(contactFrom.getOrDefault(p, Instant.EPOCH));
    }

    /** Partitions this node holds now. */
    public Set<Integer> held() {
        Instant now = clock.instant();
        Set<Integer> out = new java.util.TreeSet<>();
        held.forEach((p, until) -> {
            if (now.isBefore(until)) {
                out.add(p);
            }
        });
        return out;
    }

    private MongoCollection<Document> leases() {
        return mongo.getCollection(LEASES);
    }

    private MongoCollection<Document> nodes() {
        return mongo.getCollection(NODES);
    }

    /** One round: heartbeat, renew, give back above the share, take free leases up to it. Called every few seconds. */
    public void renew() {
        Instant now = clock.instant();
        Date until = Date.from(now.plus(lease));
        // Contact stops a third of the lease before another node may take it.
        Instant safeUntil = now.plus(lease.multipliedBy(2).dividedBy(3));
        try {
            nodes().replaceOne(Filters.eq("_id", node), new Document("_id", node).append("seenAt", Date.from(now)),
                    new ReplaceOptions().upsert(true));
            long live = nodes().countDocuments(Filters.gt("seenAt", Date.from(now.minus(lease))));
            int share = (int) Math.ceil(partitions / (double) Math.max(1, live));
            Map<Integer, Document> current = new HashMap<>();
            for (Document d : leases().find()) {
                current.put(d.getInteger("_id"), d);
            }
            int mine = 0;
            for (int p = 0; p < partitions; p++) {
                Document d = current.get(p);
                boolean ours = d != null && node.equals(d.getString("owner")) && d.getDate("until").toInstant().isAfter(now);
                if (!ours) {
                    held.remove(p);
                    continue;
                }
                if (mine >= share) {
                    held.remove(p); // first stop contacting, then give it back
                    leases().updateOne(Filters.and(Filters.eq("_id", p), Filters.eq("owner", node)),
                            Updates.combine(Updates.set("owner", null), Updates.set("until", Date.from(Instant.EPOCH))));
                    continue;
                }
                if (leases().updateOne(Filters.and(Filters.eq("_id", p), Filters.eq("owner", node)),
                        Updates.set("until", until)).getMatchedCount() == 1) {
                    held.put(p, safeUntil);
                    mine++;
                } else {
                    held.remove(p);
                }
            }
            for (int p = 0; p < partitions && mine < share; p++) {
                Document d = current.get(p);
                if (d != null && d.getDate("until").toInstant().isAfter(now)) {
                    continue; // held by a live node (or by us, counted above)
                }
                if (take(p, d, now, until)) {
                    // Never held by anyone: contact at once; taken from another node: let its contacts settle.
                    contactFrom.put(p, d == null ? now : now.plus(lease));
                    held.put(p, safeUntil);
                    mine++;
                }
            }
        } catch (MongoException e) {
            // Without the store no lease can be renewed: stop contacting rather than risk a second contact.
            held.clear();
            log.warn("delivery leases not renewed ({}); this node contacts no phone until they are", e.getMessage());
        }
    }

    private boolean take(int p, Document seen, Instant now, Date until) {
        if (seen == null) {
            try {
                leases().insertOne(new Document("_id", p).append("owner", node).append("until", until));
                return true;
            } catch (MongoException e) {
                return false; // another node inserted it first
            }
        }
        // Only if it is still the expired lease we saw: a node that renewed it meanwhile keeps it.
        return leases().updateOne(Filters.and(Filters.eq("_id", p), Filters.eq("until", seen.getDate("until")),
                        Filters.eq("owner", seen.getString("owner"))),
                Updates.combine(Updates.set("owner", node), Updates.set("until", until))).getMatchedCount() == 1;
    }

    /** Gives every lease back at an orderly stop, so the others take over at once. */
    public void release() {
        held.clear();
        try {
            leases().updateMany(Filters.eq("owner", node),
                    Updates.combine(Updates.set("owner", null), Updates.set("until", Date.from(Instant.EPOCH))));
            nodes().deleteOne(Filters.eq("_id", node));
        } catch (MongoException e) {
            log.info("delivery leases not given back ({}); they expire by themselves", e.getMessage());
        }
    }
}
