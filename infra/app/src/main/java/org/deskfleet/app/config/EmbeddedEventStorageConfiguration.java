package org.deskfleet.app.config;

import jakarta.persistence.EntityManagerFactory;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.List;

/**
 * The embedded default's storage engine: Axon's JPA engine (on H2), made as Axon's auto-configuration makes it, with
 * one query changed (see {@link GapSafeJpaEventStorageEngine}). Stands back for PostgreSQL and Axon Server, which bring
 * their own. An auto-configuration (listed in {@code AutoConfiguration.imports}), before Axon's JPA one, which then
 * stands back.
 */
@AutoConfiguration(after = {HibernateJpaAutoConfiguration.class, AxonServerBusAutoConfiguration.class},
        before = {JpaEventStoreAutoConfiguration.class, EventStoreCacheConfiguration.class})
@ConditionalOnBean(EntityManagerFactory.class)
@ConditionalOnMissingBean({EventStorageEngine.class, EventBus.class, EventStore.class})
// Axon's JPA configuration, which stands back, would have declared the event store's entities.
@org.axonframework.springboot.util.RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
public class EmbeddedEventStorageConfiguration {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          EntityManagerProvider entityManagerProvider, TransactionManager transactionManager) {
        return new GapSafeJpaEventStorageEngine(JpaEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager));
    }

    /**
     * Reads the events after a token that still waits for gaps (positions taken by transactions not yet committed,
     * or rolled back) with a lower bound on the position. Axon asks for {@code position > token OR position IN gaps}:
     * H2 plans that as a walk over the whole table from its first event (it does not combine the two conditions'
     * index ranges), reading every event's payload up to the token. At 100,000 phones (3 GB of events) every
     * processor did that at every fetch while a storm of registrations left gaps open: the server stood at 100%
     * CPU and registered almost nothing (docs/read-side.md, "Gaps in the event store"). With
     * {@code position >= lowest gap AND (...)} the same rows come back, and H2 starts at the lowest gap, which is
     * never more than Axon's gap window (10,000 positions) behind the token.
     */
    static final class GapSafeJpaEventStorageEngine extends JpaEventStorageEngine {

        GapSafeJpaEventStorageEngine(JpaEventStorageEngine.Builder builder) {
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
}
