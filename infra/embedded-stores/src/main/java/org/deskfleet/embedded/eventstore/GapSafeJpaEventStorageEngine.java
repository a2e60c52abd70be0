package org.deskfleet.embedded.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

import java.util.List;

/**
 * Axon's JPA storage engine for the embedded default's H2 event store, with one query changed: it reads the events
 * after a token that still waits for gaps (positions taken by transactions not yet committed, or rolled back) with a
 * lower bound on the position. Axon asks for {@code position > token OR position IN gaps}: H2 plans that as a walk
 * over the whole table from its first event (it does not combine the two conditions' index ranges), reading every
 * event's payload up to the token. At 100,000 phones (3 GB of events) every processor did that at every fetch while a
 * storm of registrations left gaps open: the server stood at 100% CPU and registered almost nothing
 * (docs/read-side.md, "Gaps in the embedded event store"). With {@code position >= lowest gap AND (...)} the same
 * rows come back, and H2 starts at the lowest gap, which is never more than Axon's gap window (10,000 positions)
 * behind the token.
 * <p>
 * Axon's hook ({@link #fetchEvents}) gives the whole query, so its select list is repeated here; a change of Axon's
 * columns would fail the comparison of this query's rows with Axon's (GapSafeEventStorageTest) and every test that
 * reads events.
 */
public final class GapSafeJpaEventStorageEngine extends JpaEventStorageEngine {

    /** An engine built as {@code builder} says (as Axon's auto-configuration builds its own), with this query. */
    public GapSafeJpaEventStorageEngine(JpaEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected List<Object[]> fetchEvents(GapAwareTrackingToken previousToken) {
        if (previousToken == null || previousToken.getGaps().isEmpty()) {
            return super.fetchEvents(previousToken);
        }
        return entityManager().createQuery(
                        "SELECT e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, e.eventIdentifier, "
                                + "e.timeStamp, e.payloadType, e.payloadRevision, e.payload, e.metaData FROM "
                                + domainEventEntryEntityName() + " e WHERE e.globalIndex >= :lowest "
                                + "AND (e.globalIndex > :token OR e.globalIndex IN :gaps) ORDER BY e.globalIndex ASC",
                        Object[].class)
                .setParameter("lowest", previousToken.getGaps().first())
                .setParameter("token", previousToken.getIndex())
                .setParameter("gaps", previousToken.getGaps())
                .setMaxResults(batchSize())
                .getResultList();
    }
}
