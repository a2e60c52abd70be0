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
 */
public final class DcmpPollLog implements DcmpPollListener {

    public record Poll(Instant at, String remoteAddress) {
    }

    private final Map<String, Poll> polls = new ConcurrentHashMap<>();

    @Override
    public void polled(String deviceId, Instant at, String remoteAddress) {
        polls.put(deviceId, new Poll(at, remoteAddress));
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
        polls.putIfAbsent(deviceId, poll);
    }
}
