package org.deskfleet.query.maintenance;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A projection's positions made ready for its rebuild ({@link ProjectionAdmin#rebuild}), with its processor stopped
 * and its claims released, before the reset. Each step is one write the processor itself could have made (a split,
 * a merge, a position stored), so a server stopped between two steps leaves positions Axon reads as usual.
 */
final class RebuildPositions {

    private static final Logger log = LoggerFactory.getLogger(RebuildPositions.class);

    private RebuildPositions() {
    }

    /**
     * As many segments as the processor is configured for ({@code initial-segment-count}, which Axon applies only to
     * a processor without positions): a read model made before the configuration said two is split, one kept as more
     * is merged. Each segment is handled by a thread of its own: two let a replay of a fleet's registrations use both
     * cores of a small server (docs/read-side.md, "Rebuilds: two threads, and what a replay allocates"). A split
     * gives the new half the position of the old one, a merge keeps the lower of the two, as the processor's own
     * split and merge do; the reset that follows starts every segment from the first event anyway.
     */
    static void asConfigured(TokenStore store, String processor, int wanted) {
        int[] ids = store.fetchSegments(processor);
        if (ids.length == 0 || ids.length == wanted || wanted < 1) {
            return;
        }
        List<Segment> segments = new ArrayList<>(List.of(Segment.computeSegments(ids)));
        while (segments.size() < wanted) {
            // the widest first: halves stay even
            Segment widest = segments.stream().min(Comparator.comparingInt(Segment::getMask)).orElseThrow();
            Segment[] halves = widest.split();
            TrackingToken token = store.fetchToken(processor, widest.getSegmentId());
            try {
                store.initializeSegment(token, processor, halves[1].getSegmentId());
            } finally {
                store.releaseClaim(processor, widest.getSegmentId());
            }
            segments.remove(widest);
            segments.add(halves[0]);
            segments.add(halves[1]);
        }
        while (segments.size() > wanted) {
            // the narrowest with its sibling: what is left stays even
            Segment narrowest = segments.stream().max(Comparator.comparingInt(Segment::getMask)
                    .thenComparingInt(Segment::getSegmentId)).orElseThrow();
            int siblingId = narrowest.mergeableSegmentId();
            Segment sibling = segments.stream().filter(x -> x.getSegmentId() == siblingId).findFirst().orElseThrow();
            Segment kept = narrowest.getSegmentId() < siblingId ? narrowest : sibling;
            Segment gone = kept == narrowest ? sibling : narrowest;
            TrackingToken keptToken = store.fetchToken(processor, kept.getSegmentId());
            try {
                TrackingToken goneToken = store.fetchToken(processor, gone.getSegmentId());
                TrackingToken lower = keptToken == null || goneToken == null ? null : keptToken.lowerBound(goneToken);
                // the one gone first: a stop in between leaves the kept one covering both halves
                store.deleteToken(processor, gone.getSegmentId());
                store.storeToken(lower, processor, kept.getSegmentId());
            } finally {
                store.releaseClaim(processor, kept.getSegmentId());
            }
            segments.remove(narrowest);
            segments.remove(sibling);
            segments.add(kept.mergedWith(gone));
        }
        log.info("projection {}: its positions made {} segments for the rebuild (were {})", processor, wanted, ids.length);
    }

    /**
     * After the reset: each segment's replay token keeps the position at the reset without its gaps (positions the
     * store skipped, which a position keeps for thousands of events). Axon's replay token compares every replayed
     * event with that position and copied its gaps at each event, a twentieth of a rebuild's worker; the gaps only
     * tell which replayed events count as replayed, which nothing here reads, and once the replay has passed that
     * position its own token, with gaps of its own, goes on. Done after the reset, not before, so that the live
     * position never loses a gap: a server stopped in between still has its replay to do from the first event.
     */
    static void withoutGaps(TokenStore store, String processor) {
        for (int segment : store.fetchSegments(processor)) {
            TrackingToken token = store.fetchToken(processor, segment);
            try {
                if (token instanceof ReplayToken replay && replay.getTokenAtReset() instanceof GapAwareTrackingToken g
                        && !g.getGaps().isEmpty()) {
                    store.storeToken(ReplayToken.createReplayToken(
                            GapAwareTrackingToken.newInstance(g.getIndex(), Collections.emptySortedSet()),
                            replay.getCurrentToken(), replay.context()), processor, segment);
                }
            } finally {
                store.releaseClaim(processor, segment);
            }
        }
    }
}
