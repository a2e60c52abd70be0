package org.deskfleet.query.maintenance;

import com.mongodb.MongoException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Projections retry what may pass by itself (the read store unreachable, a timeout) a few times with growing
 * pauses before the event goes to the dead-letter queue, so a short outage parks nothing. Errors that would
 * fail again the same way (a bug, bad data) go to the queue at once.
 */
@Component
public class RetryingHandlerEnhancer implements HandlerEnhancerDefinition {

    static final List<Duration> BACK_OFF = List.of(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1600),
            Duration.ofMillis(3200));
    private static final Logger log = LoggerFactory.getLogger(RetryingHandlerEnhancer.class);

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        boolean projection = original.canHandleMessageType(EventMessage.class)
                && original.declaringClass().getName().startsWith("org.deskfleet.query.");
        return projection ? new Retrying<>(original) : original;
    }

    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException || t instanceof NonTransientDataAccessException
                    && !(t instanceof org.springframework.dao.DataAccessResourceFailureException)) {
                return false;
            }
            if (t instanceof TransientDataAccessException || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof MongoException && !(t instanceof com.mongodb.MongoWriteException)) {
                return true;
            }
        }
        return false;
    }

    private static final class Retrying<T> extends WrappedMessageHandlingMember<T> {

        Retrying(MessageHandlingMember<T> delegate) {
            super(delegate);
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            for (int attempt = 0; ; attempt++) {
                try {
                    return super.handle(message, target);
                } catch (Exception e) {
                    if (attempt >= BACK_OFF.size() || !transientFailure(e)) {
                        throw e;
                    }
                    Duration pause = BACK_OFF.get(attempt);
                    log.warn("{} failed ({}), retry {} of {} in {} ms", message.getPayloadType().getSimpleName(),
                            e.getClass().getSimpleName(), attempt + 1, BACK_OFF.size(), pause.toMillis());
                    Thread.sleep(pause.toMillis());
                }
            }
        }
    }
}
