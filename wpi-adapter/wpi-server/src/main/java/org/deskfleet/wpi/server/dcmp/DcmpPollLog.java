package org.deskfleet.wpi.server.dcmp;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last poll per device, in memory. Whoever records access modes drains it in batches, so thousands of
 * polls a second cost one pass every few seconds, not one write each.
 * <p>
 * One map for the whole life of the node: draining removes entries instead of swapping in a new map,
 * so the event loops never insert into a map that is growing from empty (a fresh map resizes many times
 * under load, and a poll put into the old map while it was being swapped out was lost).
 * <p>
 * Bounded: anyone can poll with random MACs at tens of thousands a second. Beyond {@code capacity} devices
 * between two drains a poll of a device not yet in the log is left out (counted); a phone polls again within
 * its interval, so a real one is recorded at a later pass.
 */
public final class DcmpPollLog implements DcmpPollListener {

    /** Devices held between two drains by default: far more than poll within one pass in any real fleet. */
    public static final int DEFAULT_CAPACITY = 20_000;

    public record Poll(Instant at, String remoteAddress) {
    }

    private final Map<String, Poll> polls = new ConcurrentHashMap<>();
    private final int capacity;
    private final java.util.concurrent.atomic.AtomicLong leftOut = new java.util.concurrent.atomic.AtomicLong();

    public DcmpPollLog() {
        this(DEFAULT_CAPACITY);
    }

    public DcmpPollLog(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    @Override
    public void polled(String deviceId, Instant at, String remoteAddress) {
        // size() of a ConcurrentHashMap is a sum of counters, cheap enough per poll; slightly over is harmless.
        if (polls.size() >= capacity && !polls.containsKey(deviceId)) {
            leftOut.incrementAndGet();
            return;
        }
        polls.put(deviceId, new Poll(at, remoteAddress));
    }

    /** Devices held now (at most about the capacity). */
    public int size() {
        return polls.size();
    }

    /** Polls left out because the log was full, since the start. */
    public long leftOut() {
        return leftOut.get();
    }

    /** Devices that polled since the last drain, with their latest poll. */
    public synchronized Map<String, Poll> drain() {
        Map<String, Poll> batch = new HashMap<>();
        for (Map.Entry<String, Poll> e : polls.entrySet()) {
            // Only this poll: one that arrives meanwhile stays for the next drain.
            if (polls.remove(e.getKey(), e.getValue())) {
                batch.put(e.getKey(), e.getValue());
            }
        }
        return batch;
    }

    /** Puts back polls that were drained but not handled yet; a newer poll of the same device wins. */
    public void putBack(String deviceId, Poll poll) {
        if (polls.size() < capacity) {
            polls.putIfAbsent(deviceId, poll);
        }
    }
}
