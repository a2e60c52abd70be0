package org.deskfleet.query.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Collects "last contact" per phone in memory and writes them in one bulk upsert per interval: thousands
 * of phones calling in cost one round trip a second, not one each. Only the newest contact per phone is kept.
 */
public class ContactBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContactBatcher.class);

    private record Contact(Instant at, String remoteAddress) {
    }

    private final MongoTemplate mongo;
    private final ScheduledExecutorService flusher;
    private volatile Map<String, Contact> pending = new ConcurrentHashMap<>();

    public ContactBatcher(MongoTemplate mongo, long intervalMillis) {
        this.mongo = mongo;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contact-batcher");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public void contacted(String deviceId, Instant at, String remoteAddress) {
        pending.merge(deviceId, new Contact(at, remoteAddress), (a, b) -> b.at().isAfter(a.at()) ? b : a);
    }

    /**
     * The source address of the phone's last WPI connection (the one contact-me may go to), from what is
     * pending or what was written; empty when the phone never connected.
     */
    public java.util.Optional<String> lastAddress(String deviceId) {
        Contact c = pending.get(deviceId);
        if (c != null) {
            return java.util.Optional.ofNullable(c.remoteAddress());
        }
        ClientContactDocument d = mongo.findById(deviceId, ClientContactDocument.class);
        return java.util.Optional.ofNullable(d).map(x -> x.remoteAddress);
    }

    /** Writes what has been collected; returns the number of phones written. */
    public synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<String, Contact> batch = pending;
        pending = new ConcurrentHashMap<>();
        BulkOperations ops = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ClientContactDocument.class);
        batch.forEach((id, c) -> ops.upsert(Query.query(Criteria.where("_id").is(id)),
                new Update().set("lastContact", c.at()).set("remoteAddress", c.remoteAddress())));
        try {
            ops.execute();
        } catch (RuntimeException e) {
            // Put the batch back so a passing outage loses nothing newer than what is pending.
            batch.forEach((id, c) -> pending.merge(id, c, (a, b) -> b.at().isAfter(a.at()) ? b : a));
            throw e;
        }
        return batch.size();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not write last-contact batch, will retry: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
