package org.deskfleet.query.maintenance;

import org.axonframework.config.ConfigurerModule;
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
import java.util.Map;
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
}
