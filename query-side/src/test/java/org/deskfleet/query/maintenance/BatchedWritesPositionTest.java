package org.deskfleet.query.maintenance;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.bson.Document;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.query.ProjectionBatch;
import org.deskfleet.query.client.ClientProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real pooled streaming processor with the batched writes ({@link ReadSideProcessingConfiguration.BatchedWrites},
 * {@link BatchFlushingTokenStore}): at the moment each position is stored, every event up to it is already in the
 * read model. A crash right after any of those writes and before the position then repeats a batch, never skips one.
 */
class BatchedWritesPositionTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final int PHONES = 300;

    MongoServer server;
    MongoClient client;
    MongoTemplate mongo;
    ScheduledExecutorService coordinator;
    ScheduledExecutorService workers;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        mongo = org.deskfleet.query.TestMongoTemplates.of(client, "test");
        coordinator = Executors.newSingleThreadScheduledExecutor();
        workers = Executors.newScheduledThreadPool(1);
    }

    @AfterEach
    void stop() {
        coordinator.shutdownNow();
        workers.shutdownNow();
        client.close();
        server.shutdown();
    }

    @Test
    void everyPositionIsStoredAfterTheWritesOfTheEventsUpToIt() throws Exception {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        // global index of each event -> (phone, its sequence)
        Map<Long, String> phoneAt = new HashMap<>();
        Map<Long, Long> seqAt = new HashMap<>();
        long index = 0;
        for (int i = 0; i < PHONES; i++) {
            String mac = String.format("00:1a:e8:00:%02x:%02x", i >> 8, i & 0xff);
            store.publish(new GenericDomainEventMessage<>("Client", mac, 0, new ClientRegistered(mac,
                    new ClientIdentity("49" + i, "OpenStage 60", "Siemens SIP", "V3", null, null), ContactReason.START_UP,
                    ChangeSource.PHONE, T0)));
            store.publish(new GenericDomainEventMessage<>("Client", mac, 1, new ClientItemsReported(mac,
                    List.of(new ItemChange("a", null, null, "v" + i, null, false)), true, ContactReason.START_UP,
                    ChangeSource.PHONE, T0)));
            phoneAt.put(index, mac);
            seqAt.put(index++, 0L);
            phoneAt.put(index, mac);
            seqAt.put(index++, 1L);
        }
        long last = index - 1;

        List<String> violations = new CopyOnWriteArrayList<>();
        List<Long> stored = new CopyOnWriteArrayList<>();
        InMemoryTokenStore tokens = new InMemoryTokenStore() {
            @Override
            public void storeToken(TrackingToken token, String processorName, int segment) {
                long position = token == null ? -1 : token.position().orElse(-1);
                Map<String, Long> applied = new HashMap<>();
                for (Document d : mongo.find(new Query(), Document.class, "clients")) {
                    applied.put(d.getString("_id"), ((Number) d.get("lastSequence")).longValue());
                }
                for (long p = 0; p <= position; p++) {
                    if (applied.getOrDefault(phoneAt.get(p), -1L) < seqAt.get(p)) {
                        violations.add("position " + position + " stored before event " + p + " was written");
                        break;
                    }
                }
                stored.add(position);
                super.storeToken(token, processorName, segment);
            }
        };

        ClientProjection projection = new ClientProjection(mongo);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(ClientProjection.NAME)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(projection).build())
                .messageSource(store)
                .tokenStore(new BatchFlushingTokenStore(tokens))
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .batchSize(100)
                .build();
        processor.registerHandlerInterceptor(new ReadSideProcessingConfiguration.BatchedWrites(ClientProjection.NAME));
        processor.start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((stored.isEmpty() || stored.getLast() < last) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            processor.shutDown();
        }

        assertThat(stored).as("positions stored").isNotEmpty().last().isEqualTo(last);
        assertThat(stored.stream().filter(p -> p >= 0 && p < last).count()).as("several batches").isGreaterThan(2);
        assertThat(violations).isEmpty();
        assertThat(mongo.getCollection("clients").countDocuments()).isEqualTo(PHONES);
        assertThat(ProjectionBatch.current()).isNull();
        Document one = mongo.findById("00:1a:e8:00:00:07", Document.class, "clients");
        assertThat(one.getLong("lastSequence")).isEqualTo(1L);
        assertThat(one.getList("items", Document.class)).extracting(d -> d.getString("value")).containsExactly("v7");
        assertThat(projection.handled()).isEqualTo(2L * PHONES);
    }

    /**
     * A batch whose bulk write fails (here: two phones with the same number under a unique index) is rolled back,
     * its position not stored, and handled again one event at a time: the one event that cannot be written is
     * parked in the dead-letter queue by itself, every other phone is written, and the position moves past it.
     */
    @Test
    void aBatchThatCannotBeWrittenIsHandledAgainOneEventAtATimeAndOnlyTheBadEventIsParked() throws Exception {
        mongo.indexOps("clients").ensureIndex(new org.springframework.data.mongodb.core.index.Index("e164",
                org.springframework.data.domain.Sort.Direction.ASC).unique());
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        int phones = 50;
        for (int i = 0; i < phones; i++) {
            String mac = String.format("00:1a:e8:00:01:%02x", i);
            // phone 20 claims phone 10's number: its document cannot be written
            String e164 = "49" + (i == 20 ? 10 : i);
            store.publish(new GenericDomainEventMessage<>("Client", mac, 0, new ClientRegistered(mac,
                    new ClientIdentity(e164, "OpenStage 60", "Siemens SIP", "V3", null, null), ContactReason.START_UP,
                    ChangeSource.PHONE, T0)));
        }
        long last = phones - 1;
        List<Long> stored = new CopyOnWriteArrayList<>();
        InMemoryTokenStore tokens = new InMemoryTokenStore() {
            @Override
            public void storeToken(TrackingToken token, String processorName, int segment) {
                stored.add(token == null ? -1 : token.position().orElse(-1));
                super.storeToken(token, processorName, segment);
            }
        };
        var queue = org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue.<org.axonframework.eventhandling.EventMessage<?>>defaultQueue();
        ClientProjection projection = new ClientProjection(mongo);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(ClientProjection.NAME)
                .eventHandlerInvoker(org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker.builder()
                        .eventHandlers(projection).queue(queue).transactionManager(NoTransactionManager.INSTANCE).build())
                .messageSource(store)
                .tokenStore(new BatchFlushingTokenStore(tokens))
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .batchSize(100)
                .build();
        processor.registerHandlerInterceptor(new ReadSideProcessingConfiguration.BatchedWrites(ClientProjection.NAME));
        processor.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((stored.isEmpty() || stored.getLast() < last) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            processor.shutDown();
        }

        assertThat(stored).as("positions stored").isNotEmpty().last().isEqualTo(last);
        assertThat(mongo.getCollection("clients").countDocuments()).isEqualTo(phones - 1);
        assertThat(mongo.findById("00:1a:e8:00:01:14", Document.class, "clients")).as("phone 20").isNull();
        assertThat(mongo.findById("00:1a:e8:00:01:15", Document.class, "clients")).as("phone 21").isNotNull();
        assertThat(queue.amountOfSequences()).isEqualTo(1L);
        assertThat(queue.contains("00:1a:e8:00:01:14")).isTrue();
    }
}
