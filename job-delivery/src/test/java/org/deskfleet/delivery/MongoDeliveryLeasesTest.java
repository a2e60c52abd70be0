package org.deskfleet.delivery;

import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes over one MongoDB: each phone has one contacting node at a time; a dead node's phones move on. */
class MongoDeliveryLeasesTest extends SharedStoreFixture {

    static final Duration LEASE = Duration.ofSeconds(9);

    private MongoDeliveryLeases node(String name) {
        return new MongoDeliveryLeases(new MongoTemplate(client, "t"), name, 16, LEASE, clock);
    }

    @Test
    void twoNodesShareThePartitionsWithoutOverlapAndTheSurvivorTakesAllWhenOneDies() {
        MongoDeliveryLeases a = node("a");
        MongoDeliveryLeases b = node("b");
        a.renew();
        assertThat(a.held()).hasSize(16);
        b.renew();
        assertThat(b.held()).as("all held by a live node").isEmpty();
        a.renew(); // sees b: gives back above its share
        b.renew();
        assertThat(a.held()).hasSize(8);
        assertThat(b.held()).hasSize(8);
        Set<Integer> overlap = new HashSet<>(a.held());
        overlap.retainAll(b.held());
        assertThat(overlap).isEmpty();
        for (String device : IntStream.range(0, 200).mapToObj(i -> "0000000000" + (10 + i)).toList()) {
            assertThat(a.owns(device) && b.owns(device)).as(device).isFalse();
        }
        // b contacts the partitions it took from a only once a's last contacts have had a lease time to settle.
        now = now.plusSeconds(3);
        a.renew();
        b.renew();
        assertThat(IntStream.range(0, 200).mapToObj(i -> "0000000000" + (10 + i)).filter(b::owns)).as("settling").isEmpty();
        now = now.plusSeconds(7);
        a.renew();
        b.renew();
        for (String device : IntStream.range(0, 200).mapToObj(i -> "0000000000" + (10 + i)).toList()) {
            assertThat(a.owns(device) ^ b.owns(device)).as(device).isTrue();
        }

        // a is killed: it renews no more. It stops contacting before b may take over.
        now = now.plusSeconds(7);
        b.renew();
        assertThat(a.held()).as("past a's safe margin").isEmpty();
        now = now.plusSeconds(3);
        b.renew();
        b.renew();
        assertThat(b.held()).hasSize(16);
    }

    @Test
    void anOrderlyStopGivesTheLeasesBackAtOnce() {
        MongoDeliveryLeases a = node("a");
        MongoDeliveryLeases b = node("b");
        a.renew();
        a.release();
        b.renew();
        assertThat(b.held()).hasSize(16);
    }
}
