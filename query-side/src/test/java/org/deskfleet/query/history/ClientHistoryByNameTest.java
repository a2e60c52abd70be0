package org.deskfleet.query.history;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.history.FindHistory;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.query.ProjectionBatch;
import org.deskfleet.query.TestMongoTemplates;
import org.deskfleet.query.template.TemplateQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One name's history read from the trail by name ({@link ClientHistoryDocument#BY_NAME}), over the MongoDB wire
 * protocol: newest first, with offsets and time windows, items that carry a parameter (a fixed index of an item
 * family, a parameter carried by two items, an item carrying two parameters) and entries of several names in one
 * event in their order; every answer the same as reading the trail event by event (as before the trail by name);
 * and handling events again (a replay, a batch repeated after a crash that kept part of its writes) changes nothing.
 */
class ClientHistoryByNameTest {

    static final String DEVICE = "00:1a:e8:00:00:07";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String ADMIN_TRACE = "diagnostics.trace-level.admin";
    static final String CALL_LOG_TRACE = "diagnostics.trace-level.call-log";
    static final String SIP_NUMBER = "telephony.sip-settings.e164-number";
    static final String GIGABIT = "general.general-information.gigabit-ethernet-enabled";
    static final int EVENTS = 700;

    MongoServer server;
    MongoClient client;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    /**
     * Event 0 registers the phone; then, at T0 + i seconds, every fifth event the phone reports the trace levels 0
     * and 1, its number and both gigabit items; the next one an administrator sets the admin trace level and the
     * number; the others change an unrelated parameter (two in one event every seventh).
     */
    static List<ClientEvent> events() {
        List<ClientEvent> out = new ArrayList<>();
        out.add(new ClientRegistered(DEVICE, new ClientIdentity("4989000", "OpenStage 60", "Siemens SIP", "V3", null,
                "10.0.0.7"), ContactReason.START_UP, ChangeSource.PHONE, T0));
        for (int i = 1; i < EVENTS; i++) {
            Instant at = T0.plusSeconds(i);
            if (i % 5 == 0) {
                out.add(new ClientItemsReported(DEVICE, List.of(
                        new ItemChange("trace-level", 1, null, "c" + i, null, false),
                        new ItemChange("x-item", null, null, "x" + i, null, false),
                        new ItemChange("trace-level", 0, null, "t" + i, null, false),
                        new ItemChange("gigabit-ethernet", null, null, "g" + i, null, false),
                        new ItemChange("e164", null, null, "n" + i, null, false),
                        new ItemChange("gigabit-ethernet-enabled", null, null, "e" + i, null, false)),
                        false, ContactReason.LOCAL_CHANGES, ChangeSource.PHONE, at));
            } else if (i % 5 == 1) {
                out.add(new ClientConfigurationChanged(DEVICE, List.of(new ParameterChange(ADMIN_TRACE, null, null, "a" + i, false),
                        new ParameterChange(SIP_NUMBER, null, null, "s" + i, false)), ChangeSource.ADMIN, "alice", "r" + i, null, at));
            } else {
                List<ParameterChange> changes = new ArrayList<>(List.of(new ParameterChange("other.param", null, null, "o" + i, false)));
                if (i % 7 == 0) {
                    changes.add(new ParameterChange("other.second", null, null, "p" + i, false));
                }
                out.add(new ClientConfigurationChanged(DEVICE, changes, ChangeSource.ADMIN, "bob", null, null, at));
            }
        }
        return out;
    }

    static void handle(ClientHistoryProjection projection, List<ClientEvent> events, int from, int to) {
        for (int i = from; i < to; i++) {
            switch (events.get(i)) {
                case ClientRegistered e -> projection.on(e, i);
                case ClientItemsReported e -> projection.on(e, i);
                case ClientConfigurationChanged e -> projection.on(e, i);
                default -> throw new IllegalArgumentException();
            }
        }
    }

    /** Events {@code from} to {@code to} as one batch of a processor: held, then flushed. */
    static void batch(ClientHistoryProjection projection, List<ClientEvent> events, int from, int to) {
        List<EventMessage<?>> messages = events.subList(from, to).stream()
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        ProjectionBatch batch = ProjectionBatch.open(messages);
        try {
            handle(projection, events, from, to);
            batch.flush();
        } finally {
            batch.close();
        }
    }

    private ClientHistoryQueries queries(MongoTemplate mongo) {
        return new ClientHistoryQueries(mongo, new TemplateQueries(mongo), ParameterCatalog.bundled());
    }

    @Test
    void oneNamesHistoryPagesNewestFirstWithItsItemsOffsetsAndWindows() {
        MongoTemplate mongo = TestMongoTemplates.of(client, "pages");
        handle(new ClientHistoryProjection(mongo), events(), 0, EVENTS);
        ClientHistoryQueries queries = queries(mongo);

        // The admin trace level: set at i % 5 == 1, reported as trace-level index 0 (not index 1) at i % 5 == 0.
        List<HistoryEntry> page = queries.handle(new FindHistory(DEVICE, ADMIN_TRACE, null, null, 4, 0));
        assertThat(page).extracting(HistoryEntry::sequence, HistoryEntry::newValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple(696L, "a696"), org.assertj.core.groups.Tuple.tuple(695L, "t695"),
                org.assertj.core.groups.Tuple.tuple(691L, "a691"), org.assertj.core.groups.Tuple.tuple(690L, "t690"));
        List<HistoryEntry> deep = queries.handle(new FindHistory(DEVICE, ADMIN_TRACE, null, null, 3, 101));
        assertThat(deep).extracting(HistoryEntry::newValue).containsExactly("t445", "a441", "t440");

        // A window: only what lies in it, newest first, the offset counted inside it.
        List<HistoryEntry> window = queries.handle(new FindHistory(DEVICE, ADMIN_TRACE, T0.plusSeconds(100),
                T0.plusSeconds(121), 100, 1));
        assertThat(window).extracting(HistoryEntry::newValue).containsExactly("t120", "a116", "t115", "a111", "t110", "a106",
                "t105", "a101", "t100");

        // A parameter carried by two items reported in one event: both, in the event's order.
        assertThat(queries.handle(new FindHistory(DEVICE, GIGABIT, null, null, 3, 0)))
                .extracting(HistoryEntry::name, HistoryEntry::newValue).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gigabit-ethernet", "g695"),
                        org.assertj.core.groups.Tuple.tuple("gigabit-ethernet-enabled", "e695"),
                        org.assertj.core.groups.Tuple.tuple("gigabit-ethernet", "g690"));

        // An item carrying two parameters: its reports and the changes of the parameter set here.
        assertThat(queries.handle(new FindHistory(DEVICE, "e164", null, null, 3, 0)))
                .extracting(HistoryEntry::newValue).containsExactly("s696", "n695", "s691");
        // The number the phone registered with is the oldest entry of its item.
        List<HistoryEntry> all164 = queries.handle(new FindHistory(DEVICE, "e164", null, null, 1000, 0));
        assertThat(all164.getLast().newValue()).isEqualTo("4989000");
        assertThat(all164).hasSize(1 + 2 * ((EVENTS - 1) / 5 + 1) - 1);

        assertThat(queries.handle(new FindHistory(DEVICE, "never-changed", null, null, 20, 0))).isEmpty();
        assertThat(queries.handle(new FindHistory("00:1a:e8:00:00:99", ADMIN_TRACE, null, null, 20, 0))).isEmpty();
    }

    @Test
    void everyAnswerIsTheOneReadEventByEventGives() {
        MongoTemplate mongo = TestMongoTemplates.of(client, "same");
        handle(new ClientHistoryProjection(mongo), events(), 0, EVENTS);
        ClientHistoryQueries queries = queries(mongo);
        List<FindHistory> asked = new ArrayList<>();
        List<String> names = List.of(ADMIN_TRACE, CALL_LOG_TRACE, "trace-level", "e164", SIP_NUMBER, GIGABIT,
                "gigabit-ethernet", "other.param", "other.second", "x-item", "device-type", "never-changed");
        List<Instant[]> windows = List.of(new Instant[]{null, null}, new Instant[]{T0.plusSeconds(300), null},
                new Instant[]{null, T0.plusSeconds(250)}, new Instant[]{T0.plusSeconds(33), T0.plusSeconds(77)},
                new Instant[]{T0.plusSeconds(5000), null}, new Instant[]{null, T0.minusSeconds(1)});
        int[][] pages = {{20, 0}, {5, 37}, {100, 250}, {1000, 0}, {1, 0}};
        for (String name : names) {
            for (Instant[] w : windows) {
                for (int[] p : pages) {
                    asked.add(new FindHistory(DEVICE, name, w[0], w[1], p[0], p[1]));
                }
            }
        }
        List<List<HistoryEntry>> byName = asked.stream().map(queries::handle).toList();
        assertThat(byName.stream().mapToInt(List::size).sum()).isGreaterThan(5_000);

        // A head without its counts is read event by event, as every head was before the trail by name.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(DEVICE)), new Update().unset("names"),
                ClientHistoryDocument.COLLECTION);
        for (int i = 0; i < asked.size(); i++) {
            assertThat(byName.get(i)).as("%s", asked.get(i)).isEqualTo(queries.handle(asked.get(i)));
        }
    }

    @Test
    void handlingEventsAgainInBatchesOrAfterACrashChangesNothing() {
        List<ClientEvent> events = events();
        MongoTemplate reference = TestMongoTemplates.of(client, "reference");
        handle(new ClientHistoryProjection(reference), events, 0, EVENTS);

        MongoTemplate mongo = TestMongoTemplates.of(client, "replayed");
        ClientHistoryProjection projection = new ClientHistoryProjection(mongo);
        batch(projection, events, 0, 250);
        // A crash in the middle of the batch's inserts: the heads as they were, every third event document and
        // every other document by name of the batch missing; the batch handled again.
        List<Document> heads = all(mongo, ClientHistoryDocument.COLLECTION);
        batch(projection, events, 250, 500);
        mongo.dropCollection(ClientHistoryDocument.COLLECTION);
        mongo.insert(heads, ClientHistoryDocument.COLLECTION);
        for (int i = 250; i < 500; i += 3) {
            mongo.remove(Query.query(Criteria.where("_id").is(TrailEventDocument.id(DEVICE, i))), ClientHistoryDocument.EVENTS);
        }
        List<Document> byName = mongo.find(Query.query(Criteria.where("sequence").gte(250L)), Document.class,
                ClientHistoryDocument.BY_NAME);
        for (int i = 0; i < byName.size(); i += 2) {
            mongo.remove(Query.query(Criteria.where("_id").is(byName.get(i).get("_id"))), ClientHistoryDocument.BY_NAME);
        }
        assertThat(all(mongo, ClientHistoryDocument.BY_NAME)).hasSizeLessThan(all(reference, ClientHistoryDocument.BY_NAME).size());
        batch(projection, events, 250, 500);
        // The same again outside a batch (a dead letter retried), then a replay from the start, then the rest.
        mongo.dropCollection(ClientHistoryDocument.COLLECTION);
        mongo.insert(heads, ClientHistoryDocument.COLLECTION);
        handle(projection, events, 250, 500);
        batch(projection, events, 0, 400);
        batch(projection, events, 400, EVENTS);
        handle(projection, events, 0, EVENTS);

        for (String c : List.of(ClientHistoryDocument.EVENTS, ClientHistoryDocument.BY_NAME, ClientHistoryDocument.COLLECTION)) {
            assertThat(all(mongo, c)).as(c).isEqualTo(all(reference, c)).isNotEmpty();
        }
        // Dense numbers per name: the admin trace level has as many documents as events that changed it.
        Document head = mongo.findById(DEVICE, Document.class, ClientHistoryDocument.COLLECTION);
        assertThat(head.getList("names", Document.class)).extracting(d -> d.getString("name"), d -> d.get("count"))
                .contains(org.assertj.core.groups.Tuple.tuple(ADMIN_TRACE, (long) EVENTS / 5),
                        org.assertj.core.groups.Tuple.tuple("trace-level", (long) (EVENTS - 1) / 5));
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(TrailNameDocument.id(DEVICE, ADMIN_TRACE, EVENTS / 5 - 1))),
                ClientHistoryDocument.BY_NAME)).isTrue();
        assertThat(queries(mongo).handle(new FindHistory(DEVICE, ADMIN_TRACE, null, null, 2, 0)))
                .isEqualTo(queries(reference).handle(new FindHistory(DEVICE, ADMIN_TRACE, null, null, 2, 0)));
    }

    private static List<Document> all(MongoTemplate m, String collection) {
        return m.find(new Query().with(Sort.by("_id")), Document.class, collection);
    }
}
