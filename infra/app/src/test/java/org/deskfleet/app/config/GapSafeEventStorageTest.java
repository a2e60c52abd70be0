package org.deskfleet.app.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.embedded.eventstore.GapSafeJpaEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded event store reads the events after a token that waits for gaps with a query H2 can start at the
 * lowest gap (Axon's own query made H2 walk the whole table from its first event at every fetch: at 100,000 phones
 * a storm of registrations stalled the server), and reads exactly the events Axon's query reads.
 */
class GapSafeEventStorageTest {

    @TempDir
    Path data;

    @Test
    void eventsAfterATokenWithGapsAreTheSameAndReadFromTheLowestGapOn() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class)
                .run("--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                        "--deskfleet.dcmp.port=0", "--logging.level.root=WARN")) {
            EventStorageEngine engine = app.getBean(EventStorageEngine.class);
            // behind the append timer's proxy (ObservabilityConfiguration), which passes toString on
            assertThat(engine.toString()).as("the embedded default's engine, not Axon's")
                    .contains(GapSafeJpaEventStorageEngine.class.getSimpleName());
            EventStore store = app.getBean(EventStore.class);
            List<EventMessage<?>> batch = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                // a payload no handler takes: only the store is under test
                batch.add(new GenericDomainEventMessage<>("GapProbe", "probe", i, "event " + i));
            }
            app.getBean(TransactionManager.class).executeInTransaction(() -> store.publish(batch));
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
            long first = jdbc.queryForObject("select min(global_index) from domain_event_entry where aggregate_identifier = 'probe'",
                    Long.class);

            // A token at head - 100 still waiting for three positions behind it (transactions that committed late).
            TreeSet<Long> gaps = new TreeSet<>(List.of(first + 2_000, first + 2_500, head - 150));
            GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(head - 100, gaps);
            var gapSafe = new GapSafeJpaEventStorageEngine(
                    org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine.builder()
                            .entityManagerProvider(app.getBean(org.axonframework.common.jpa.EntityManagerProvider.class))
                            .transactionManager(app.getBean(TransactionManager.class)).batchSize(250));
            List<Long> read;
            try (var events = gapSafe.readEvents(token, false)) {
                // the probe's events lie in one run of positions from its first: position = first + sequence
                read = events.map(e -> first + ((org.axonframework.eventhandling.DomainEventMessage<?>) e).getSequenceNumber())
                        .toList();
            }

            // Axon's own condition, as SQL: the same positions in the same order
            List<Long> axons = jdbc.queryForList("select global_index from domain_event_entry where global_index > ? or global_index in (?, ?, ?) "
                    + "order by global_index fetch first 250 rows only", Long.class, head - 100, first + 2_000, first + 2_500, head - 150);
            assertThat(read).isEqualTo(axons);
            assertThat(read).startsWith(first + 2_000, first + 2_500, head - 150).contains(head).hasSize(103);

            // How H2 plans the two shapes: Axon's walks the primary key with no bound; ours starts at the lowest gap.
            String axonPlan = plan(jdbc, "e.global_index > 2900 or e.global_index in (2000, 2500)");
            String ourPlan = plan(jdbc, "e.global_index >= 2000 and (e.global_index > 2900 or e.global_index in (2000, 2500))");
            assertThat(axonPlan).doesNotContainPattern("PRIMARY_KEY_\\w*: ");
            assertThat(ourPlan).containsPattern("PRIMARY_KEY_\\w*: GLOBAL_INDEX >= ");
        }
    }

    private static String plan(JdbcTemplate jdbc, String where) {
        return String.join("\n", jdbc.queryForList("explain select e.global_index from domain_event_entry e where " + where
                + " order by e.global_index fetch first 250 rows only", String.class));
    }
}
