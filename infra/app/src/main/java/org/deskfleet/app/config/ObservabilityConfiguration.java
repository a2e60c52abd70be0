package org.deskfleet.app.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.deskfleet.delivery.PendingJobsIndex;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.query.client.QuarantineProjection;
import org.deskfleet.wpi.server.interaction.ClientCommands;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.interaction.WpiMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Health and metrics (Actuator, Micrometer, Prometheus at {@code /actuator/prometheus}). Readiness is "the
 * stores answer and delivery state is current": a node that is catching up must not get phones from a
 * load balancer. Counters are named {@code deskfleet.*}; see docs/operations.md for the list.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    /** Delivery is current once the pending-jobs index has caught up since this node started. */
    @Bean
    HealthIndicator delivery(PendingJobsIndex index) {
        return () -> (index.ready() ? Health.up() : Health.outOfService().withDetail("reason", "catching up with the event store"))
                .withDetail("targets", index.targetsByState())
                .withDetail("pollingPhones", index.pollingPhones())
                .build();
    }

    /** The read store (projections, positions, delivery state) answers a ping: both the embedded server and MongoDB. */
    @Bean
    HealthIndicator readStoreHealthIndicator(org.springframework.data.mongodb.core.MongoTemplate mongo) {
        return () -> {
            try {
                mongo.executeCommand("{ ping: 1 }");
                return Health.up().build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    /** Counts of the WPI engine, and the gauges that are read when scraped. */
    @Bean
    SmartInitializingSingleton deliveryMeters(MeterRegistry registry, InteractionEngine engine, PendingJobsIndex index,
                                              EventProcessingConfiguration processing, EventStore eventStore) {
        return () -> {
            engine.metrics(new WpiMetrics() {
                @Override
                public void answered(String reason, String outcome) {
                    Counter.builder("deskfleet.wpi.interactions").description("phone messages answered")
                            .tag("reason", reason).tag("outcome", outcome).register(registry).increment();
                }

                @Override
                public void overload(String cause) {
                    Counter.builder("deskfleet.wpi.overload").description("phones told overload")
                            .tag("cause", cause).register(registry).increment();
                }
            });
            for (String state : index.targetsByState().keySet()) {
                Gauge.builder("deskfleet.delivery.targets", index, i -> i.targetsByState().getOrDefault(state, 0L))
                        .description("job targets by delivery state").tag("state", state).register(registry);
            }
            Gauge.builder("deskfleet.delivery.current", index, i -> i.ready() ? 1 : 0)
                    .description("1 when delivery state is current").register(registry);
            processing.eventProcessors().forEach((name, p) -> {
                if (p instanceof StreamingEventProcessor streaming) {
                    Gauge.builder("deskfleet.processor.lag", streaming, s -> lag(s, eventStore))
                            .description("events between the store's head and this processor").baseUnit("events")
                            .tag("processor", name).register(registry);
                }
            });
        };
    }

    /**
     * Quarantine (unknown phones held until approved): how many wait, read from the read model at each scrape, and
     * how often such phones called (and were given nothing).
     */
    @Bean
    io.micrometer.core.instrument.binder.MeterBinder quarantineMeters(org.springframework.data.mongodb.core.MongoTemplate mongo) {
        return registry -> Gauge.builder("deskfleet.quarantine.waiting", mongo, ObservabilityConfiguration::quarantined)
                .description("quarantined phones waiting for an operator's approval").baseUnit("phones").register(registry);
    }

    private static double quarantined(org.springframework.data.mongodb.core.MongoTemplate mongo) {
        try {
            return mongo.getCollection(QuarantineProjection.QuarantinedClientDocument.COLLECTION).countDocuments();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Counts each contact of a quarantined phone ({@code deskfleet.quarantine.contacts}). */
    static ClientCommands countingQuarantinedContacts(ClientCommands commands, MeterRegistry registry) {
        Counter contacts = Counter.builder("deskfleet.quarantine.contacts")
                .description("contacts of quarantined phones, each given nothing").register(registry);
        return new ClientCommands() {
            @Override
            public java.util.concurrent.CompletableFuture<RegistrationOutcome> register(RegisterClient command) {
                return commands.register(command).thenApply(outcome -> {
                    if (RegistrationOutcome.QUARANTINED.equals(outcome.refusal())) {
                        contacts.increment();
                    }
                    return outcome;
                });
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> recordItems(RecordReportedItems command) {
                return commands.recordItems(command);
            }
        };
    }

    private static double lag(StreamingEventProcessor p, EventStore store) {
        OptionalLong head = store.createHeadToken().position();
        if (head.isEmpty() || p.processingStatus().isEmpty()) {
            return Double.NaN;
        }
        long behindMost = p.processingStatus().values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
        return Math.max(0, head.getAsLong() - behindMost);
    }

    /** Contact-me results of job delivery, by result. */
    static void contactResult(MeterRegistry registry, String result) {
        Counter.builder("deskfleet.contactme").description("contact-me requests sent for pending jobs, by result")
                .tag("result", result.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /**
     * Event-store append latency, where this node appends itself (the embedded JPA/JDBC store; with Axon Server
     * the server measures it). The storage engine is wrapped once, before anything uses it.
     */
    @Bean
    static BeanPostProcessor eventStoreAppendTimer(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof EventStorageEngine engine)) {
                    return bean;
                }
                return Proxy.newProxyInstance(EventStorageEngine.class.getClassLoader(), new Class<?>[]{EventStorageEngine.class},
                        (proxy, method, args) -> {
                            boolean append = method.getName().equals("appendEvents");
                            long start = append ? System.nanoTime() : 0;
                            try {
                                return method.invoke(engine, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            } finally {
                                if (append) {
                                    Timer.builder("deskfleet.eventstore.append").description("appending events to the event store")
                                            .register(registry.getObject()).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                                }
                            }
                        });
            }
        };
    }
}
