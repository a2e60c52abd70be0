package org.deskfleet.wpi.server.dcmp;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DcmpPollLogTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void drainsTheLatestPollPerDeviceOnce() {
        DcmpPollLog log = new DcmpPollLog();
        log.polled("00:1a:e8:00:00:01", T0, "10.0.0.1");
        log.polled("00:1a:e8:00:00:01", T0.plusSeconds(1), "10.0.0.1");
        log.polled("00:1a:e8:00:00:02", T0, "10.0.0.2");
        Map<String, DcmpPollLog.Poll> batch = log.drain();
        assertThat(batch).hasSize(2);
        assertThat(batch.get("00:1a:e8:00:00:01").at()).isEqualTo(T0.plusSeconds(1));
        assertThat(log.drain()).isEmpty();
    }

    @Test
    void aPutBackPollLosesToANewerOne() {
        DcmpPollLog log = new DcmpPollLog();
        log.putBack("00:1a:e8:00:00:01", new DcmpPollLog.Poll(T0, "10.0.0.1"));
        log.polled("00:1a:e8:00:00:02", T0.plusSeconds(5), "10.0.0.2");
        log.putBack("00:1a:e8:00:00:02", new DcmpPollLog.Poll(T0, "10.0.0.2"));
        Map<String, DcmpPollLog.Poll> batch = log.drain();
        assertThat(batch.get("00:1a:e8:00:00:01").at()).isEqualTo(T0);
        assertThat(batch.get("00:1a:e8:00:00:02").at()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void noPollIsLostWhileDraining() throws Exception {
        DcmpPollLog log = new DcmpPollLog();
        int devices = 2_000;
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        Thread poller = new Thread(() -> {
            for (int i = 0; i < devices; i++) {
                log.polled("00:1a:e8:00:%02x:%02x".formatted(i / 256, i % 256), T0, "10.0.0.1");
            }
            polling.set(false);
            done.countDown();
        });
        poller.start();
        while (polling.get()) {
            log.drain().keySet().forEach(d -> seen.put(d, true));
        }
        done.await();
        log.drain().keySet().forEach(d -> seen.put(d, true));
        assertThat(seen).hasSize(devices);
    }
}
