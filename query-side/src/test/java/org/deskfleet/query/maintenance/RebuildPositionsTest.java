package org.deskfleet.query.maintenance;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.JavaSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The positions a rebuild starts from, in Axon's MongoDB token store as the server keeps them. */
class RebuildPositionsTest {

    private static final String P = "client-projection";
    private MongoServer server;
    private MongoClient client;
    private TokenStore store;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://" + server.bindAndGetConnectionString().replace("mongodb://", ""));
        store = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "test").build())
                .serializer(JavaSerializer.builder().build())
                .nodeId("this-node")
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void oneSegmentIsSplitIntoTheConfiguredTwoEachAtTheOldPosition() {
        store.initializeTokenSegments(P, 1, GapAwareTrackingToken.newInstance(41, List.of()));

        RebuildPositions.asConfigured(store, P, 2);

        assertThat(store.fetchSegments(P)).containsExactly(0, 1);
        assertThat(masks()).containsExactly(1, 1);
        assertThat(position(0)).isEqualTo(41);
        assertThat(position(1)).isEqualTo(41);
        // claims released: another owner can take them
        assertThat(otherNode().fetchToken(P, 1)).isNotNull();
    }

    @Test
    void fourSegmentsAreMergedIntoTheConfiguredTwoAtTheLowerPositionOfEachPair() {
        store.initializeTokenSegments(P, 4, GapAwareTrackingToken.newInstance(10, List.of()));
        for (int segment = 0; segment < 4; segment++) {
            store.fetchToken(P, segment);
            store.storeToken(GapAwareTrackingToken.newInstance(10 + segment, List.of()), P, segment);
            store.releaseClaim(P, segment);
        }

        RebuildPositions.asConfigured(store, P, 2);

        assertThat(store.fetchSegments(P)).containsExactly(0, 1);
        assertThat(masks()).containsExactly(1, 1);
        assertThat(position(0)).isEqualTo(10); // 0 and 2
        assertThat(position(1)).isEqualTo(11); // 1 and 3
    }

    @Test
    void segmentsAsConfiguredAreLeftAlone() {
        store.initializeTokenSegments(P, 2, GapAwareTrackingToken.newInstance(7, List.of(3L)));
        RebuildPositions.asConfigured(store, P, 2);
        assertThat(store.fetchSegments(P)).containsExactly(0, 1);
        assertThat(((GapAwareTrackingToken) otherNode().fetchToken(P, 0)).getGaps()).containsExactly(3L);
    }

    @Test
    void theReplaysPositionAtTheResetLosesItsGapsAndKeepsItsIndex() {
        // as the processor's reset stores them: the replay from the first event, the live position at the reset
        store.initializeTokenSegments(P, 2, org.axonframework.eventhandling.ReplayToken.createReplayToken(
                GapAwareTrackingToken.newInstance(500, new TreeSet<>(List.of(12L, 99L, 480L))), null));

        RebuildPositions.withoutGaps(store, P);

        for (int segment : new int[]{0, 1}) {
            var replay = (org.axonframework.eventhandling.ReplayToken) otherNode().fetchToken(P, segment);
            GapAwareTrackingToken token = (GapAwareTrackingToken) replay.getTokenAtReset();
            assertThat(token.getIndex()).isEqualTo(500);
            assertThat(token.getGaps()).isEmpty();
            assertThat(replay.getCurrentToken()).isNull();
        }
    }

    @Test
    void aLivePositionKeepsItsGaps() {
        store.initializeTokenSegments(P, 1, GapAwareTrackingToken.newInstance(500, new TreeSet<>(List.of(12L))));
        RebuildPositions.withoutGaps(store, P);
        assertThat(((GapAwareTrackingToken) otherNode().fetchToken(P, 0)).getGaps()).containsExactly(12L);
    }

    @Test
    void aPositionAnotherNodeHoldsIsRefusedAndNothingIsChanged() {
        store.initializeTokenSegments(P, 1, GapAwareTrackingToken.newInstance(41, List.of(40L)));
        otherNode().fetchToken(P, 0); // claimed there

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RebuildPositions.asConfigured(store, P, 2))
                .isInstanceOf(org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RebuildPositions.withoutGaps(store, P))
                .isInstanceOf(org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException.class);
        assertThat(store.fetchSegments(P)).containsExactly(0);
    }

    private long position(int segment) {
        TrackingToken token = store.fetchToken(P, segment);
        store.releaseClaim(P, segment);
        return token.position().orElse(-1);
    }

    private List<Integer> masks() {
        int[] ids = store.fetchSegments(P);
        return Arrays.stream(Segment.computeSegments(ids)).map(Segment::getMask).toList();
    }

    private TokenStore otherNode() {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "test").build())
                .serializer(JavaSerializer.builder().build())
                .nodeId("other-node")
                .build();
    }
}
