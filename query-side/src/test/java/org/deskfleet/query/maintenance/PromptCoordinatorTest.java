package org.deskfleet.query.maintenance;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A coordinator that finds no room looks again after a few milliseconds; and Axon's still waits 100 ms for room. */
class PromptCoordinatorTest {

    @Test
    void aWaitForRoomIsShortenedAndNothingElse() {
        assertThat(PromptCoordinator.delayNanos(100, TimeUnit.MILLISECONDS)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(PromptCoordinator.delayNanos(3, TimeUnit.MILLISECONDS)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(3));
        assertThat(PromptCoordinator.delayNanos(0, TimeUnit.MILLISECONDS)).isZero();
        // the coordinator's other waits: no events (500 ms and the claim's interval), errors (500 ms and more)
        assertThat(PromptCoordinator.delayNanos(101, TimeUnit.MILLISECONDS)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(101));
        assertThat(PromptCoordinator.delayNanos(500, TimeUnit.MILLISECONDS)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(PromptCoordinator.delayNanos(5, TimeUnit.SECONDS)).isEqualTo(TimeUnit.SECONDS.toNanos(5));
    }

    /** Fails when an Axon upgrade changes the wait this executor shortens (then see PromptCoordinator). */
    @Test
    void axonsCoordinatorWaits100MillisecondsForRoomInAFullQueue() throws Exception {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        for (int i = 0; i < 3_000; i++) {
            store.publish(GenericEventMessage.asEventMessage("event " + i));
        }
        CountDownLatch release = new CountDownLatch(1);
        List<Long> asked = new CopyOnWriteArrayList<>();
        ScheduledThreadPoolExecutor coordinator = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                asked.add(unit.toMillis(delay));
                return super.schedule(command, delay, unit);
            }
        };
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
        EventMessageHandler stuck = new EventMessageHandler() {
            @Override
            public Object handle(EventMessage<?> event) throws Exception {
                release.await(30, TimeUnit.SECONDS);
                return null;
            }
        };
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name("prompt-coordinator-test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(stuck).build())
                .messageSource(store)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .batchSize(10)
                .build();
        processor.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!asked.contains(PromptCoordinator.ROOM_WAIT_MILLIS) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(asked).as("the delays the coordinator asked for, its work package's queue full")
                    .contains(PromptCoordinator.ROOM_WAIT_MILLIS);
        } finally {
            release.countDown();
            processor.shutDown();
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }
}
