package org.deskfleet.api.security;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The account directory's processor keeps its position here, that is in the directory's own store, in the same
 * commit as the state the position belongs to (see {@link MongoAccountDirectoryStore}): once a batch's events are
 * applied, the changed accounts are written with the position after them (see {@link #storeToken}). Positions and state can therefore never disagree, as they could with the state in one
 * place and the token in the shared token store (the pending-jobs index takes that way, with idempotent writes;
 * the directory appends to histories and feeds, which a replayed event would do twice).
 * <p>
 * One segment; no claims: the store is this node's own (a collection per node), and a second process that
 * commits in between is refused by the store's version check.
 */
public final class AccountDirectoryPositions implements TokenStore {

    private final AccountDirectory directory;

    public AccountDirectoryPositions(AccountDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        initializeTokenSegments(processorName, segmentCount, null);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        if (segmentCount != 1) {
            throw new IllegalArgumentException("the account directory's processor runs on one segment, not " + segmentCount);
        }
        if (initialToken != null && directory.restartPosition() == null) {
            directory.commit(initialToken);
        }
    }

    /**
     * A tracking processor with a transaction manager stores its position as a batch begins (in the transaction
     * the batch then runs in); the state that belongs with that position exists only once the batch is applied.
     * So when called in a batch still running, the commit waits for the batch's end (and is dropped with a batch
     * that fails, whose events then come again to the stored state); otherwise (a processor storing its position
     * after the batch, or a run of events with nothing for the directory) it is made at once.
     */
    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        segment(segment);
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.STARTED) {
            CurrentUnitOfWork.get().onPrepareCommit(u -> directory.commit(token));
        } else {
            directory.commit(token);
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        segment(segment);
        return directory.restartPosition();
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        // nothing claimed (and no position to fetch: the default would)
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        // nothing claimed: the store is this node's own
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return false;
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return new int[]{0};
    }

    private static void segment(int segment) {
        if (segment != 0) {
            throw new IllegalArgumentException("the account directory's processor runs on one segment (0), not on segment " + segment);
        }
    }
}
