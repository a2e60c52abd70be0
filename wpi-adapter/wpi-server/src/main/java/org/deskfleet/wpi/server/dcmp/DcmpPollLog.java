package org.deskfleet.wpi.server.dcmp;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last poll per device, in memory. Whoever records access modes drains it in batches, so thousands of
 * polls a second cost one pass every few seconds, not one write each.
 */
public final class DcmpPollLog implements DcmpPollListener {

    public record Poll(Instant at, String remoteAddress) {
    }

    private volatile Map<String, Poll> polls = new ConcurrentHashMap<>();

    @Override
    public void polled(String deviceId, Instant at, String remoteAddress) {
        polls.put(deviceId, new Poll(at, remoteAddress));
    }

    /** Devices that polled since the last drain, with their latest poll. */
    public synchronized Map<String, Poll> drain() {
        Map<String, Poll> batch = polls;
        polls = new ConcurrentHashMap<>();
        return batch;
    }
}
