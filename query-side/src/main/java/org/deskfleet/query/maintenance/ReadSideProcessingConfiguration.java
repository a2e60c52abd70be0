package org.deskfleet.query.maintenance;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.deskfleet.query.ProjectionBatch;
import org.deskfleet.query.client.ClientProjection;
import org.deskfleet.query.history.ClientHistoryProjection;
import org.deskfleet.query.mobility.MobileUserProjection;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.deskfleet.query.ReadModels;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the read side's event processors treat failures (the processors themselves, their mode and batch size,
 * are set in application.yml, which also switches their dead-letter queues on): an event that fails is parked
 * in the queue with its cause, never skipped. Logged as one line per processor and cause, at most once a
 * minute, never a stack trace per event: a broken handler meets every event of the fleet.
 */
@Configuration(proxyBeanMethods = false)
public class ReadSideProcessingConfiguration {

    private static final Logger log = LoggerFactory.getLogger("org.deskfleet.query.deadletters");
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    @Bean
    ConfigurerModule deadLetterPolicy() {
        Map<String, Long> lastLogged = new ConcurrentHashMap<>();
        EnqueuePolicy<EventMessage<?>> policy = (letter, cause) -> {
            String problem = cause.getClass().getName() + ": " + cause.getMessage();
            long now = System.nanoTime();
            Long before = lastLogged.get(problem);
            if (before == null || now - before > LOG_EVERY.toNanos()) {
                lastLogged.put(problem, now);
                if (lastLogged.size() > 1000) {
                    lastLogged.clear();
                }
                log.warn("event parked in a dead-letter queue ({}, first of this cause this minute): {}; see the GraphQL "
                        + "query deadLetters, retry with retryDeadLetters", letter.message().getPayloadType().getSimpleName(), problem);
            }
            return Decisions.enqueue(cause);
        };
        return configurer -> configurer.eventProcessing().registerDefaultDeadLetterPolicy(c -> policy);
    }

    /**
     * Marks the thread handling a projection's events as that projection's, so that during a rebuild its writes
     * (and its own reads) go to the shadow collections while every reader keeps the live ones.
     */
    @Bean
    ReadModels.Server readModelServer() {
        return new ReadModels.Server();
    }

    @Bean
    ConfigurerModule readModelWriters(ReadModels.Server server) {
        return configurer -> {
            for (String projection : ReadModels.projections()) {
                MessageHandlerInterceptor<EventMessage<?>> marker = (unitOfWork, chain) -> {
                    Object before = ReadModels.enter(server, projection);
                    try {
                        return chain.proceed();
                    } finally {
                        ReadModels.leave(before);
                    }
                };
                configurer.eventProcessing().registerHandlerInterceptor(projection, c -> marker);
            }
        };
    }

    /**
     * Every pooled processor's coordinator looks for room in its work packages' queues every few milliseconds, not
     * every 100 ({@link PromptCoordinator}). Only the coordinator's executor is set here: the rest of each processor
     * (its workers, batch size, segments) is application.yml's.
     */
    @Bean
    ConfigurerModule promptCoordinators() {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                (config, builder) -> builder.coordinatorExecutor(processor -> {
                    PromptCoordinator executor = new PromptCoordinator(processor);
                    config.onShutdown(executor::shutdown);
                    return executor;
                }));
    }

    /** The projections whose writes are held for their batch's end ({@link ProjectionBatch}). */
    static final Set<String> BATCHED = Set.of(ClientProjection.NAME, ClientHistoryProjection.NAME, MobileUserProjection.NAME);

    /**
     * Batched writes for the projections in {@link #BATCHED}: a batch is opened with its first event, flushed after
     * its last event's handlers (still inside the batch's handling: a failed flush rolls the batch back, and its
     * position is not stored), and its position stored only then ({@link BatchFlushingTokenStore} flushes whatever
     * would still be pending). A batch whose flush failed is handled again one event at a time, each event's writes
     * sent with it, so that an event that cannot be written is parked in the dead-letter queue by itself instead of
     * failing its whole batch again and again.
     */
    @Bean
    ConfigurerModule batchedProjectionWrites(ObjectProvider<TokenStore> tokenStore) {
        return configurer -> {
            for (String projection : BATCHED) {
                BatchedWrites writes = new BatchedWrites(projection);
                configurer.eventProcessing().registerHandlerInterceptor(projection, c -> writes);
                TokenStore store = tokenStore.getIfAvailable();
                if (store != null) {
                    configurer.eventProcessing().registerTokenStore(projection, c -> new BatchFlushingTokenStore(store));
                }
            }
        };
    }

    /** Opens, flushes and closes the {@link ProjectionBatch} of each batch of one projection's events. */
    static final class BatchedWrites implements MessageHandlerInterceptor<EventMessage<?>> {

        private static final String KEY = ProjectionBatch.class.getName();
        private final String projection;
        /** Events up to this position are handled one at a time: a batch holding them failed to be written. */
        private final AtomicLong singlyUpTo = new AtomicLong(-1);

        BatchedWrites(String projection) {
            this.projection = projection;
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching)) {
                return chain.proceed();
            }
            ProjectionBatch batch = (ProjectionBatch) batching.resources().get(KEY);
            if (batch == null && batching.isFirstMessage() && position(batching.getMessage()) > singlyUpTo.get()) {
                @SuppressWarnings("unchecked")
                List<? extends EventMessage<?>> events = (List<? extends EventMessage<?>>) batching.getMessages();
                ProjectionBatch opened = ProjectionBatch.open(events);
                batching.resources().put(KEY, opened);
                batching.onRollback(u -> opened.close());
                batching.onCleanup(u -> opened.close());
                batch = opened;
            }
            Object result = chain.proceed();
            if (batch != null && batching.isLastMessage()) {
                try {
                    batch.flush();
                } catch (RuntimeException e) {
                    long last = position(batching.getMessage());
                    singlyUpTo.accumulateAndGet(last, Math::max);
                    log.warn("{}: the writes of a batch of {} events failed ({}); the batch is handled again, one event at a time",
                            projection, batching.getMessages().size(), e.toString());
                    throw e;
                }
            }
            return result;
        }

        /** The event's position in the event store, {@code -1} when it has none. */
        static long position(Object message) {
            return message instanceof TrackedEventMessage<?> t && t.trackingToken() != null
                    ? t.trackingToken().position().orElse(-1) : -1;
        }
    }
}
