package org.deskfleet.wpi.server.interaction;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.types.Binary;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two nodes' stores over one MongoDB: either carries an interaction on; secrets stay sealed; expiry is told once. */
class SharedInteractionStoreTest {

    static final byte[] KEY = new byte[32];
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    MongoServer server;
    MongoClient client;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        Arrays.fill(KEY, (byte) 7);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private SharedInteractionStore node(byte[] key, Instant now) {
        return new SharedInteractionStore(client.getDatabase("t"), key, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Interaction serving() {
        DeviceJob job = new DeviceJob("job-1", List.of(new DeviceJob.Step(Action.WRITE_ITEMS,
                List.of(WpiItem.of("user-pwd", "s3cret-pin"), WpiItem.indexed("line-key", 2, "x")))));
        Interaction open = Interaction.open("ABC", "001a2b3c4d5e", Reason.SOLICITED, Firmware.of("OpenStage 60", "V3 R5.1.0"),
                20, List.of(), T0);
        return open.serving(job, InteractionEngine.expand(job, 20), T0).sendNext(T0);
    }

    @Test
    void anotherNodeFindsTheInteractionAsItWasSaved() {
        Interaction i = serving();
        node(KEY, T0).save(i);
        SharedInteractionStore other = node(KEY, T0.plusSeconds(1));
        assertThat(other.find("ABC")).contains(i);
        assertThat(other.findByDevice("001a2b3c4d5e")).contains(i);
        other.remove("ABC");
        assertThat(node(KEY, T0).find("ABC")).isEmpty();
    }

    @Test
    void whichInteractionsAreStillOpenIsOneAnswerForMany() {
        node(KEY, T0).save(serving());
        assertThat(node(KEY, T0.plusSeconds(1)).open(List.of("ABC", "gone"))).containsExactly("ABC");
        // past its lifetime it counts as ended, as find says
        assertThat(node(KEY, T0.plus(Duration.ofMinutes(11))).open(List.of("ABC"))).isEmpty();
        assertThat(node(KEY, T0.plus(Duration.ofMinutes(11))).find("ABC")).isEmpty();
    }

    @Test
    void theStoredFormHoldsNoSecretAndOpensWithTheKeyOnly() {
        node(KEY, T0).save(serving());
        Document d = client.getDatabase("t").getCollection(SharedInteractionStore.COLLECTION).find().first();
        byte[] stored = d.get("sealed", Binary.class).getData();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret-pin").doesNotContain("user-pwd");
        byte[] otherKey = new byte[32];
        assertThatThrownBy(() -> node(otherKey, T0).find("ABC")).hasMessageContaining("does not open");
    }

    @Test
    void anExpiredInteractionIsToldToOneNodeOnly() {
        node(KEY, T0).save(serving());
        List<Interaction> told = new ArrayList<>();
        Instant later = T0.plus(Duration.ofMinutes(11));
        assertThat(node(KEY, later).find("ABC")).isEmpty();
        assertThat(node(KEY, later).expire(told::add)).isEqualTo(1);
        assertThat(node(KEY, later).expire(told::add)).isZero();
        assertThat(told).singleElement().satisfies(i -> assertThat(i.job().jobId()).isEqualTo("job-1"));
    }

    @Test
    void sizeCountsWhatThisNodeHoldsUntilAnotherEndsIt() {
        Instant[] now = {T0};
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        SharedInteractionStore a = new SharedInteractionStore(client.getDatabase("t"), KEY, Duration.ofMinutes(10), moving);
        a.save(serving());
        assertThat(a.size()).isEqualTo(1);
        node(KEY, T0).remove("ABC"); // the phone's last request reached the other node
        assertThat(a.size()).as("until the next check").isEqualTo(1);
        now[0] = T0.plusSeconds(5);
        assertThat(a.size()).isZero();
    }
}
