package org.deskfleet.query.maintenance;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.deskfleet.kernel.maintenance.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.deskfleet.kernel.maintenance.RetryResult;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shows and retries what Axon's sequenced dead-letter queues hold, per event processor. */
@Component
public class DeadLetterAdmin {

    /** Parked letters are tried again this often by themselves: what failed for a passing reason heals alone. */
    static final Duration AUTOMATIC_RETRY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(DeadLetterAdmin.class);

    private final EventProcessingConfiguration processing;
    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dead-letter-retry");
        t.setDaemon(true);
        return t;
    });

    public DeadLetterAdmin(EventProcessingConfiguration processing) {
        this.processing = processing;
        // A failure while the server stops (a closed session) or a store down longer than the in-place retries
        // parks events too; without a retry of its own, a phone's later events would wait for an operator.
        retrier.scheduleWithFixedDelay(this::retryQuietly, AUTOMATIC_RETRY.toMillis(), AUTOMATIC_RETRY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void retryQuietly() {
        try {
            for (RetryResult r : retry(null)) {
                if (r.handled() > 0) {
                    log.info("{}: {} parked sequence(s) handled on retry, {} letter(s) still parked", r.processor(),
                            r.handled(), r.remaining());
                }
            }
        } catch (RuntimeException e) {
            log.warn("automatic retry of dead letters failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        retrier.shutdownNow();
    }

    public List<DeadLetter> deadLetters(String processor) {
        List<DeadLetter> out = new ArrayList<>();
        queues(processor).forEach((name, queue) -> {
            for (Iterable<org.axonframework.messaging.deadletter.DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (var letter : sequence) {
                    out.add(view(name, letter));
                }
            }
        });
        return out;
    }

    public synchronized List<RetryResult> retry(String processor) {
        List<RetryResult> results = new ArrayList<>();
        queues(processor).forEach((name, queue) -> {
            SequencedDeadLetterProcessor<EventMessage<?>> retrier = processing.sequencedDeadLetterProcessor(name)
                    .orElseThrow();
            // One pass: every sequence gets one attempt (one that fails again goes back to the queue and
            // processAny moves on to the others), so a letter that keeps failing cannot keep this loop busy.
            long sequences = queue.amountOfSequences();
            int handled = 0;
            for (long i = 0; i < sequences; i++) {
                if (retrier.processAny()) {
                    handled++;
                }
            }
            results.add(new RetryResult(name, handled, (int) queue.size()));
        });
        return results;
    }

    private Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues(String processor) {
        Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new TreeMap<>();
        for (String name : processing.eventProcessors().keySet()) {
            if (processor == null || processor.equals(name)) {
                processing.deadLetterQueue(name).ifPresent(q -> queues.put(name, q));
            }
        }
        if (processor != null && queues.isEmpty()) {
            throw new InvalidInput("no dead-letter queue for '" + processor + "'; processors with one: "
                    + queues(null).keySet());
        }
        return queues;
    }

    private static DeadLetter view(String processor, org.axonframework.messaging.deadletter.DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> m = letter.message();
        String aggregate = m instanceof DomainEventMessage<?> d ? d.getAggregateIdentifier() : null;
        long seq = m instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : -1;
        return new DeadLetter(processor, aggregate == null ? m.getIdentifier() : aggregate, m.getPayloadType().getSimpleName(),
                aggregate, seq, letter.enqueuedAt(), letter.lastTouched(),
                letter.cause().map(c -> c.type()).orElse(null), letter.cause().map(c -> c.message()).orElse(null));
    }
}
