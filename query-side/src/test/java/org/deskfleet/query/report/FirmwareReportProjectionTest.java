package org.deskfleet.query.report;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.client.ClientQuarantined;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.report.FindFirmwareReport;
import org.deskfleet.kernel.report.FirmwareReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The firmware report's projection over the MongoDB wire protocol: counts follow firmware and device-type changes
 * and deletions, and stay exact however often events are handled again (a replay from any position, a batch
 * repeated after a crash between the writes of one move).
 */
class FirmwareReportProjectionTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String A = "00:1a:e8:00:00:01";
    static final String B = "00:1a:e8:00:00:02";
    static final String C = "00:1a:e8:00:00:03";
    static final String D = "00:1a:e8:00:00:04";
    static final String E = "00:1a:e8:00:00:05";

    MongoServer server;
    MongoClient client;
    CrashingMongo mongo;
    FirmwareReportProjection projection;
    /** Events in store order, each with its aggregate sequence. */
    List<Object[]> events;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        mongo = new CrashingMongo(client);
        projection = new FirmwareReportProjection(mongo);
        events = new ArrayList<>();
        Map<String, Long> seq = new TreeMap<>();
        add(seq, new ClientRegistered(A, id("OpenStage 60", "V3 R5.14.0"), ContactReason.START_UP, ChangeSource.PHONE, T0));
        add(seq, new ClientRegistered(B, id("OpenStage 60", "V3 R5.14.0"), ContactReason.START_UP, ChangeSource.PHONE, T0));
        add(seq, new ClientRegistered(C, id("OpenStage 40", "V3 R5.14.0"), ContactReason.START_UP, ChangeSource.PHONE, T0));
        add(seq, new ClientRegistered(D, id("OpenStage 40", "V3 R4.0.0"), ContactReason.START_UP, ChangeSource.PHONE, T0));
        // A firmware update moves A; an ip change of B moves nothing; C turns out to be another type; D is deleted.
        add(seq, changed(A, "software-version", "V3 R5.14.0", "V3 R6.0.0", id("OpenStage 60", "V3 R6.0.0")));
        add(seq, changed(B, "ip-address", "10.0.0.2", "10.0.0.3", new ClientIdentity("492", "OpenStage 60", "SIP", "V3 R5.14.0", null, "10.0.0.3")));
        add(seq, changed(C, "device-type", "OpenStage 40", "OpenStage 80", id("OpenStage 80", "V3 R5.14.0")));
        add(seq, new ClientDeleted(D, "alice", T0.plusSeconds(60)));
        // A goes back; the deleted D comes back with new firmware.
        add(seq, changed(A, "software-version", "V3 R6.0.0", "V3 R5.14.0", id("OpenStage 60", "V3 R5.14.0")));
        add(seq, new ClientRegistered(D, id("OpenStage 40", "V3 R5.14.0"), ContactReason.START_UP, ChangeSource.PHONE, T0.plusSeconds(90)));
        // A quarantined phone joins when approved (its quarantine itself is not in the client list).
        add(seq, new ClientQuarantined(E, id("OpenStage 40", "V3 R4.0.0"), ContactReason.START_UP, ChangeSource.PHONE,
                T0.plusSeconds(100)));
        add(seq, new ClientApproved(E, id("OpenStage 40", "V3 R4.0.0"), "alice", "known phone", T0.plusSeconds(120)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    @Test
    void countsFollowFirmwareAndTypeChangesAndDeletions() {
        handle(0, 4);
        assertThat(report()).isEqualTo(Map.of("OpenStage 60", Map.of("V3 R5.14.0", 2L),
                "OpenStage 40", Map.of("V3 R5.14.0", 1L, "V3 R4.0.0", 1L)));
        handle(4, 5);
        assertThat(report().get("OpenStage 60")).isEqualTo(Map.of("V3 R5.14.0", 1L, "V3 R6.0.0", 1L));
        handle(5, 8);
        assertThat(report()).isEqualTo(Map.of("OpenStage 60", Map.of("V3 R5.14.0", 1L, "V3 R6.0.0", 1L),
                "OpenStage 80", Map.of("V3 R5.14.0", 1L)));
        handle(8, 11);
        assertThat(report()).isEqualTo(Map.of("OpenStage 60", Map.of("V3 R5.14.0", 2L),
                "OpenStage 80", Map.of("V3 R5.14.0", 1L), "OpenStage 40", Map.of("V3 R5.14.0", 1L)));
        handle(11, events.size());
        assertThat(report().get("OpenStage 40")).isEqualTo(Map.of("V3 R5.14.0", 1L, "V3 R4.0.0", 1L));
        FirmwareReport r = new FirmwareReportQueries(mongo).handle(new FindFirmwareReport());
        assertThat(r.clients()).isEqualTo(5);
        assertThat(r.deviceTypes()).extracting(FirmwareReport.DeviceType::deviceType)
                .containsExactly("OpenStage 40", "OpenStage 60", "OpenStage 80");
    }

    @Test
    void eventsHandledTwiceCountOnce() {
        for (int i = 0; i < events.size(); i++) {
            handle(i, i + 1);
            handle(i, i + 1);
        }
        Map<String, Map<String, Long>> twice = report();
        reset();
        handle(0, events.size());
        assertThat(report()).isEqualTo(twice);
        assertThat(pendingTokens()).isZero();
    }

    @Test
    void aReplayFromAnyPositionOverWhatWasWrittenChangesNothing() {
        handle(0, events.size());
        Map<String, Map<String, Long>> once = report();
        for (int from = 0; from < events.size(); from++) {
            handle(from, events.size());
            assertThat(report()).as("replayed from %d", from).isEqualTo(once);
        }
        assertThat(pendingTokens()).isZero();
    }

    @Test
    void aRebuildFromScratchGivesTheSameCounts() {
        handle(0, events.size());
        Map<String, Map<String, Long>> once = report();
        projection.reset();
        assertThat(report()).isEmpty();
        handle(0, events.size());
        assertThat(report()).isEqualTo(once);
    }

    /**
     * A crash after any write of a move (the client's write-ahead, one bucket, the other, the move marked done), then
     * the batch again from before it: the same counts as one pass, no token left behind.
     */
    @Test
    void aBatchRepeatedAfterACrashInTheMiddleOfAMoveCountsOnce() {
        handle(0, events.size());
        Map<String, Map<String, Long>> once = report();
        for (int move = 0; move < events.size(); move++) {
            for (int writes = 0; writes < 10; writes++) {
                reset();
                handle(0, move);
                mongo.crashAfter = writes;
                int crashAt = move;
                boolean crashed;
                try {
                    handle(crashAt, crashAt + 1);
                    crashed = false;
                } catch (IllegalStateException e) {
                    crashed = true;
                }
                mongo.crashAfter = -1;
                handle(Math.max(0, move - 1), events.size());
                assertThat(report()).as("crash after %d writes of event %d (crashed: %s)", writes, move, crashed).isEqualTo(once);
                assertThat(pendingTokens()).isZero();
            }
        }
    }

    @Test
    void theCrashHookReallyStopsAMove() {
        handle(0, 4);
        mongo.crashAfter = 1;
        assertThatThrownBy(() -> handle(4, 5)).isInstanceOf(IllegalStateException.class);
        mongo.crashAfter = -1;
        // The write-ahead is there, the buckets not yet changed: the report still shows A on its old version.
        assertThat(report().get("OpenStage 60")).isEqualTo(Map.of("V3 R5.14.0", 2L));
        handle(4, 5);
        assertThat(report().get("OpenStage 60")).isEqualTo(Map.of("V3 R5.14.0", 1L, "V3 R6.0.0", 1L));
    }

    private void reset() {
        mongo.dropCollection(FirmwareReportProjection.BUCKETS);
        mongo.dropCollection(FirmwareReportProjection.CLIENTS);
    }

    private void add(Map<String, Long> seq, ClientEvent e) {
        long s = seq.merge(e.deviceId(), 1L, Long::sum) - 1;
        events.add(new Object[]{e, s});
    }

    private void handle(int from, int to) {
        for (int i = from; i < to; i++) {
            long seq = (Long) events.get(i)[1];
            switch (events.get(i)[0]) {
                case ClientRegistered e -> projection.on(e, seq);
                case ClientIdentityChanged e -> projection.on(e, seq);
                case ClientDeleted e -> projection.on(e, seq);
                case ClientApproved e -> projection.on(e, seq);
                case ClientQuarantined e -> {
                    // not the firmware report's
                }
                default -> throw new IllegalStateException("not in this test");
            }
        }
    }

    /** Device type → version → clients, the versions with no client left out. */
    private Map<String, Map<String, Long>> report() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (FirmwareReport.DeviceType t : new FirmwareReportQueries(mongo).handle(new FindFirmwareReport()).deviceTypes()) {
            Map<String, Long> versions = new TreeMap<>();
            t.versions().forEach(v -> versions.put(v.softwareVersion(), v.clients()));
            out.put(t.deviceType(), versions);
        }
        return out;
    }

    private long pendingTokens() {
        return mongo.findAll(org.bson.Document.class, FirmwareReportProjection.BUCKETS).stream()
                .mapToLong(d -> d.getList("pending", String.class).size()).sum()
                + mongo.findAll(org.bson.Document.class, FirmwareReportProjection.CLIENTS).stream()
                .filter(d -> d.get("moving") != null).count();
    }

    private static ClientIdentity id(String type, String version) {
        return new ClientIdentity("491", type, "SIP", version, null, "10.0.0.1");
    }

    private static ClientIdentityChanged changed(String device, String item, String before, String after, ClientIdentity now) {
        return new ClientIdentityChanged(device, List.of(new ItemChange(item, null, before, after, null, false)), now,
                ContactReason.START_UP, ChangeSource.PHONE, T0.plusSeconds(30));
    }

    /** A MongoTemplate whose process "dies" (throws) after a number of writes of the projection. */
    static final class CrashingMongo extends MongoTemplate {
        int crashAfter = -1;

        CrashingMongo(MongoClient client) {
            super(client, "test");
        }

        private void write() {
            if (crashAfter == 0) {
                throw new IllegalStateException("crash");
            }
            if (crashAfter > 0) {
                crashAfter--;
            }
        }

        @Override
        public com.mongodb.client.result.UpdateResult upsert(Query query, UpdateDefinition update, String collectionName) {
            write();
            return super.upsert(query, update, collectionName);
        }

        @Override
        public com.mongodb.client.result.UpdateResult updateFirst(Query query, UpdateDefinition update, String collectionName) {
            write();
            return super.updateFirst(query, update, collectionName);
        }
    }
}
