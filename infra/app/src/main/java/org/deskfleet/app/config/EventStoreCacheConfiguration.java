package org.deskfleet.app.config;

import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/**
 * The event store over the embedded (H2) or PostgreSQL storage engine; Axon Server brings its own, and then there is
 * no storage engine here. Once caught up, the event processors read through one cache of the latest events, shared
 * so that each event is read and decoded once. Axon keeps 10,000 events there, and a registration is large (about
 * 16 kB of JSON, 150 item changes once decoded): during a storm of registrations that cache held its 10,000
 * events, about 160 MiB of payloads and their decoded item changes, the largest share of 450-500 MiB live in a 1 GiB
 * heap, kept until newer events pushed them out (docs/read-side.md, "Memory at 100,000 phones"). A processor
 * further behind than the cache reads the store by itself until it has caught up.
 *
 * <p>An auto-configuration (listed in {@code AutoConfiguration.imports}), after Axon's JPA storage engine and before
 * Axon's own event store, which then stands back: an ordinary configuration class would be seen first and make the
 * JPA engine stand back too (it is made only while no event store exists).
 */
@AutoConfiguration(after = JpaEventStoreAutoConfiguration.class, before = AxonAutoConfiguration.class)
public class EventStoreCacheConfiguration {

    @Bean
    @ConditionalOnBean(EventStorageEngine.class)
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${deskfleet.event-store.cached-events:500}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(cachedEvents)
                .build();
    }
}
