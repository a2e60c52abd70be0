package org.deskfleet.delivery;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target ended on one node stays ended for every node while its result is on its way, however long that takes,
 * as long as the node that ended it lives; once that node is gone (no heartbeat for a lease time) the target is
 * pending again, and a failed result command takes the ending back at once.
 */
class MongoTargetEndingsTest {

    static final Duration LEASE = Duration.ofSeconds(15);
    MongoServer server;
    MongoClient client;
    Instant now = Instant.parse("2026-01-01T10:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    @Test
    void anUnrecordedEndingCountsWhileItsNodeLives() {
        MongoTemplate mongo = new MongoTemplate(client, "t");
        MongoDeliveryLeases leasesA = new MongoDeliveryLeases(mongo, "a", 8, LEASE, clock);
        MongoDeliveryLeases leasesB = new MongoDeliveryLeases(mongo, "b", 8, LEASE, clock);
        MongoTargetEndings a = new MongoTargetEndings(mongo, clock, "a", LEASE);
        MongoTargetEndings b = new MongoTargetEndings(mongo, clock, "b", LEASE);
        leasesA.renew();
        leasesB.renew();

        a.ended("job-1", "dev-1", false);
        assertThat(b.isEnded("job-1", "dev-1")).isTrue();
        // a loaded node: its result takes minutes to be stored; it lives (its heartbeat goes on)
        for (int i = 0; i < 30; i++) {
            now = now.plusSeconds(5);
            leasesA.renew();
            leasesB.renew();
            assertThat(b.isEnded("job-1", "dev-1")).as("after %d s", (i + 1) * 5).isTrue();
        }
        a.recorded("job-1", "dev-1");
        assertThat(b.isEnded("job-1", "dev-1")).isTrue();

        // a dies between answering the phone and storing the result: pending again once a is gone
        a.ended("job-2", "dev-2", false);
        now = now.plusSeconds(5);
        leasesB.renew();
        assertThat(b.isEnded("job-2", "dev-2")).as("a was seen 5 s ago").isTrue();
        now = now.plusSeconds(11);
        leasesB.renew();
        assertThat(b.isEnded("job-2", "dev-2")).as("a not seen for a lease time").isFalse();
        assertThat(b.isEnded("job-1", "dev-1")).as("a recorded ending stays").isTrue();

        // a result command that failed takes its ending back; a recorded one is never taken back
        b.ended("job-3", "dev-3", false);
        assertThat(a.isEnded("job-3", "dev-3")).isTrue();
        b.failed("job-3", "dev-3");
        assertThat(a.isEnded("job-3", "dev-3")).isFalse();
        b.failed("job-1", "dev-1");
        assertThat(a.isEnded("job-1", "dev-1")).isTrue();
    }
}
