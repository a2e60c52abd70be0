package org.deskfleet.app.config;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import java.util.List;
import java.util.Optional;

/**
 * A processor's position kept under a name of this node's own ({@code pending-jobs@a}) in the shared token
 * store: for a processor every node must run over every event (its state is in each node's memory), unlike
 * the projections, whose one position all nodes share and one node at a time moves.
 */
final class NodeTokenStore implements TokenStore {

    private final TokenStore shared;
    private final String node;

    NodeTokenStore(TokenStore shared, String node) {
        this.shared = shared;
        this.node = node;
    }

    private String name(String processor) {
        return processor + "@" + node;
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        shared.initializeTokenSegments(name(processorName), segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        shared.initializeTokenSegments(name(processorName), segmentCount, initialToken);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        shared.storeToken(token, name(processorName), segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return shared.fetchToken(name(processorName), segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return shared.fetchToken(name(processorName), segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        shared.extendClaim(name(processorName), segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        shared.releaseClaim(name(processorName), segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        shared.initializeSegment(token, name(processorName), segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        shared.deleteToken(name(processorName), segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return shared.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return shared.fetchSegments(name(processorName));
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return shared.fetchAvailableSegments(name(processorName));
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return shared.retrieveStorageIdentifier();
    }
}
