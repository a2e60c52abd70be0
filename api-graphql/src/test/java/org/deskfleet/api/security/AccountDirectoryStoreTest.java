package org.deskfleet.api.security;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.deskfleet.kernel.account.AccountCreated;
import org.deskfleet.kernel.account.AccountLocked;
import org.deskfleet.kernel.account.Language;
import org.deskfleet.kernel.account.MfaEnrollmentStarted;
import org.deskfleet.kernel.account.PasswordChanged;
import org.deskfleet.kernel.account.Role;
import org.deskfleet.kernel.account.SessionEnded;
import org.deskfleet.kernel.account.SignInFailed;
import org.deskfleet.kernel.account.SignInFailure;
import org.deskfleet.kernel.account.SignedIn;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The account directory kept in MongoDB (the wire protocol, an in-memory server) with its position: a new
 * directory on the stored state is the same directory, at the same position; a batch that was never committed,
 * or a commit cut at any point, leaves the state of the last position stored, and the events after it are then
 * applied once.
 */
class AccountDirectoryStoreTest {

    static final Instant T = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final Instant LATER = T.plusSeconds(5);
    static final String HASH = "$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    static final String TOTP = "sealed:totp-secret-Q3VZ";

    MongoServer server;
    MongoClient client;
    MongoDatabase db;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        db = client.getDatabase("t");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private AccountDirectory node(String name) {
        return new AccountDirectory(new MongoAccountDirectoryStore(db, JacksonSerializer.defaultSerializer(), name),
                Clock.fixed(LATER, ZoneOffset.UTC));
    }

    private static GlobalSequenceTrackingToken at(long position) {
        return new GlobalSequenceTrackingToken(position);
    }

    /** The first batch: two accounts, sessions, a password change, failures, a lock-out and a failed job. */
    private static void firstBatch(AccountDirectory d) {
        d.on(new AccountCreated("account:admin", "admin", Language.EN, null, Set.of(Role.ADMINISTRATOR), HASH, false, "deskfleet", T));
        d.on(new AccountCreated("account:kim", "kim", Language.DE, "kim@example.org", Set.of(Role.OPERATOR), HASH, true, "admin", T));
        d.on(new SignedIn("account:admin", "s-admin", "curl/8", false, T.plusSeconds(3600), -1, T));
        d.on(new SignedIn("account:kim", "s-kim-1", "Mozilla/5.0 Firefox/128.0", true, T.plusSeconds(7200), -1, T));
        d.on(new SignedIn("account:kim", "s-kim-2", "curl/8", false, T.plusSeconds(3600), -1, T));
        d.on(new SessionEnded("account:kim", "s-kim-1", "kim", T.plusSeconds(1)));
        d.on(new PasswordChanged("account:kim", HASH + "2", false, "kim", T.plusSeconds(2)));
        d.on(new MfaEnrollmentStarted("account:kim", TOTP, "SHA1", "kim", T.plusSeconds(2)));
        d.on(new SignInFailed("account:kim", SignInFailure.WRONG_PASSWORD, 1, T.plusSeconds(3)));
        d.on(new JobCompleted("job-1", JobStatus.FAILED, 1, 0, 2, 0, T.plusSeconds(3)));
    }

    private static void secondBatch(AccountDirectory d) {
        d.on(new AccountLocked("account:kim", T.plusSeconds(600), 5, T.plusSeconds(4)));
        d.on(new SignedIn("account:admin", "s-admin-2", "curl/8", false, T.plusSeconds(3600), -1, T.plusSeconds(4)));
        d.on(new JobCompleted("job-2", JobStatus.TIMEOUT, 0, 0, 0, 3, T.plusSeconds(4)));
    }

    /** Everything the API reads of the directory. */
    private static List<Object> seen(AccountDirectory d) {
        List<Object> all = new ArrayList<>();
        all.add(d.accounts());
        for (String id : List.of("account:admin", "account:kim")) {
            all.add(d.sessionsOf(id, LATER));
            all.add(d.history(id));
            all.add(d.notifications(id));
        }
        for (String s : List.of("s-admin", "s-admin-2", "s-kim-1", "s-kim-2")) {
            all.add(d.openSession(s, LATER));
        }
        return all;
    }

    @Test
    void theStoredStateAndPositionReloadToTheSameDirectory() {
        AccountDirectory first = node("");
        AccountDirectoryPositions positions = new AccountDirectoryPositions(first);
        assertThat(positions.fetchToken(AccountDirectory.NAME, 0)).isNull(); // nothing stored: from the first event
        firstBatch(first);
        positions.storeToken(at(10), AccountDirectory.NAME, 0);
        secondBatch(first);
        positions.storeToken(at(20), AccountDirectory.NAME, 0);

        AccountDirectory second = node("");
        assertThat(second.loadedAtStart()).isEqualTo(2);
        assertThat(new AccountDirectoryPositions(second).fetchToken(AccountDirectory.NAME, 0)).isEqualTo(at(20));
        assertThat(seen(second)).isEqualTo(seen(first));
        // what that is, to be sure the comparison compares something
        assertThat(second.account("account:kim").orElseThrow().lockedUntil()).isEqualTo(T.plusSeconds(600));
        assertThat(second.account("account:kim").orElseThrow().mustChangePassword()).isFalse();
        assertThat(second.openSession("s-kim-1", LATER)).isEmpty();
        assertThat(second.openSession("s-kim-2", LATER)).isPresent();
        assertThat(second.sessionsOf("account:admin", LATER)).extracting(AccountDirectory.Session::sessionId)
                .containsExactly("s-admin", "s-admin-2");
        assertThat(second.history("account:kim")).extracting(AccountDirectory.HistoryEntry::event).containsExactly("AccountLocked",
                "SignInFailed", "MfaEnrollmentStarted", "PasswordChanged", "SessionEnded", "SignedIn", "SignedIn", "AccountCreated");
        assertThat(second.notifications("account:admin")).extracting(AccountDirectory.Notification::kind)
                .containsExactly("JOB_TIMEOUT", "ACCOUNT_LOCKED", "JOB_FAILED");
        assertThat(second.notifications("account:kim")).extracting(AccountDirectory.Notification::kind)
                .containsExactly("JOB_TIMEOUT", "ACCOUNT_LOCKED", "JOB_FAILED", "FAILED_LOGIN");
    }

    @Test
    void aBatchNeverCommittedIsAppliedOnceAfterTheRestartAndAFailedOneOnceAfterItsRetry() {
        AccountDirectory first = node("");
        AccountDirectoryPositions positions = new AccountDirectoryPositions(first);
        firstBatch(first);
        positions.storeToken(at(10), AccountDirectory.NAME, 0);
        List<Object> atTen = seen(first);
        secondBatch(first);
        // The batch failed before its position was stored (the processor fetches its position again): memory goes back.
        assertThat(positions.fetchToken(AccountDirectory.NAME, 0)).isEqualTo(at(10));
        assertThat(seen(first)).isEqualTo(atTen);
        secondBatch(first);
        positions.storeToken(at(20), AccountDirectory.NAME, 0);
        List<Object> atTwenty = seen(first);
        assertThat(first.history("account:kim")).filteredOn(h -> h.event().equals("AccountLocked")).hasSize(1);

        // A crash (no commit) after more events: a new process has the state at 20 and applies them once.
        secondBatch(first);
        AccountDirectory second = node("");
        AccountDirectoryPositions again = new AccountDirectoryPositions(second);
        assertThat(again.fetchToken(AccountDirectory.NAME, 0)).isEqualTo(at(20));
        assertThat(seen(second)).isEqualTo(atTwenty);
        secondBatch(second);
        again.storeToken(at(30), AccountDirectory.NAME, 0);
        assertThat(seen(node(""))).isEqualTo(seen(first));
        assertThat(node("").history("account:kim")).filteredOn(h -> h.event().equals("AccountLocked")).hasSize(2);
    }

    /**
     * Through Axon's tracking processor, both ways it stores positions: before a batch (with a transaction manager,
     * the application's case) and after it. Stopped and started again on the stored state, with events before and
     * after, it ends where a directory fed every event once ends.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void throughTheTrackingProcessorEveryEventIsAppliedOnceAcrossAStop(boolean transactional) {
        var events = org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.builder()
                .storageEngine(new org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine()).build();
        AccountDirectory expected = new AccountDirectory();
        try {
            List<Object> batch = new ArrayList<>();
            firstBatch(recorder(batch));
            firstBatch(expected);
            publish(events, batch);
            runUntilCaughtUp(node(""), events, transactional);
            batch.clear();
            secondBatch(recorder(batch));
            secondBatch(expected);
            publish(events, batch);
            AccountDirectory second = node("");
            runUntilCaughtUp(second, events, transactional);
            assertThat(seen(second)).isEqualTo(seen(expected));
            assertThat(seen(node(""))).isEqualTo(seen(expected));
        } finally {
            events.shutDown();
        }
    }

    /**
     * The store fails a commit (MongoDB unreachable for a moment): the processor retries the batch, and memory,
     * which had applied it, goes back to the stored state first, so the retried batch is applied once.
     */
    @Test
    void aCommitThatFailsIsRetriedFromTheStoredStateThroughTheTrackingProcessor() {
        var events = org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.builder()
                .storageEngine(new org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine()).build();
        AccountDirectory expected = new AccountDirectory();
        MongoAccountDirectoryStore mongo = new MongoAccountDirectoryStore(db, JacksonSerializer.defaultSerializer(), "");
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        AccountDirectoryStore flaky = new AccountDirectoryStore() {
            @Override
            public Snapshot load() {
                return mongo.load();
            }

            @Override
            public void commit(List<StoredAccount> changed, org.axonframework.eventhandling.TrackingToken position) {
                if (!changed.isEmpty() && failures.getAndIncrement() == 1) {
                    throw new IllegalStateException("the store is unreachable (test)");
                }
                mongo.commit(changed, position);
            }

            @Override
            public void clear() {
                mongo.clear();
            }
        };
        try {
            List<Object> all = new ArrayList<>();
            firstBatch(recorder(all));
            secondBatch(recorder(all));
            firstBatch(expected);
            secondBatch(expected);
            publish(events, all);
            runUntilCaughtUp(new AccountDirectory(flaky, Clock.fixed(LATER, ZoneOffset.UTC)), events, true);
            assertThat(failures.get()).isGreaterThan(2);
            assertThat(seen(node(""))).isEqualTo(seen(expected));
        } finally {
            events.shutDown();
        }
    }

    /** A directory whose handlers only note the events they are given (to publish the same ones). */
    private static AccountDirectory recorder(List<Object> into) {
        return new AccountDirectory() {
            @Override
            void on(AccountCreated e) { into.add(e); }
            @Override
            void on(SignedIn e) { into.add(e); }
            @Override
            void on(SessionEnded e) { into.add(e); }
            @Override
            void on(PasswordChanged e) { into.add(e); }
            @Override
            void on(MfaEnrollmentStarted e) { into.add(e); }
            @Override
            void on(SignInFailed e) { into.add(e); }
            @Override
            void on(AccountLocked e) { into.add(e); }
            @Override
            void on(JobCompleted e) { into.add(e); }
        };
    }

    private static void publish(org.axonframework.eventsourcing.eventstore.EventStore events, List<Object> payloads) {
        events.publish(payloads.stream().map(org.axonframework.eventhandling.GenericEventMessage::asEventMessage).toList());
    }

    private static void runUntilCaughtUp(AccountDirectory directory, org.axonframework.eventsourcing.eventstore.EventStore events,
                                         boolean transactional) {
        var processor = org.axonframework.eventhandling.TrackingEventProcessor.builder().name(AccountDirectory.NAME)
                .eventHandlerInvoker(org.axonframework.eventhandling.SimpleEventHandlerInvoker.builder().eventHandlers(directory).build())
                .messageSource(events).tokenStore(new AccountDirectoryPositions(directory))
                .transactionManager(transactional ? () -> new org.axonframework.common.transaction.Transaction() {
                    @Override
                    public void commit() {
                    }

                    @Override
                    public void rollback() {
                    }
                } : org.axonframework.common.transaction.NoTransactionManager.instance())
                .trackingEventProcessorConfiguration(org.axonframework.eventhandling.TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(4))
                .build();
        processor.start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!java.util.Objects.equals(directory.committedPosition(), events.createHeadToken())) {
                assertThat(System.nanoTime()).as("caught up in time").isLessThan(deadline);
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            processor.shutDown();
        }
    }

    @Test
    void aCommitCutAtAnyPointLeavesTheStateOfTheLastPositionStored() {
        AccountDirectory first = node("");
        AccountDirectoryPositions positions = new AccountDirectoryPositions(first);
        firstBatch(first);
        positions.storeToken(at(10), AccountDirectory.NAME, 0);
        List<Object> atTen = seen(first);
        MongoCollection<Document> raw = db.getCollection(MongoAccountDirectoryStore.COLLECTION);
        Document kim = raw.find(new Document("account", "account:kim")).first();
        long version = kim.getLong("version");
        // Cut after writing the next version of an account, before the position moved: a version no position names.
        raw.insertOne(new Document(kim).append("_id", "account:kim#" + (version + 1)).append("version", version + 1)
                .append("data", kim.getString("data").replace("\"kim\"", "\"someone-else\"")));
        // Cut after the position moved, before the older versions were removed: an older version beside the newest.
        raw.insertOne(new Document(kim).append("_id", "account:kim#0").append("version", 0L)
                .append("data", kim.getString("data").replace("\"kim\"", "\"kim-long-ago\"")));
        AccountDirectory second = node("");
        assertThat(new AccountDirectoryPositions(second).fetchToken(AccountDirectory.NAME, 0)).isEqualTo(at(10));
        assertThat(seen(second)).isEqualTo(atTen);
        assertThat(raw.countDocuments(new Document("account", "account:kim"))).isEqualTo(1); // the load removed both
    }

    @Test
    void eachNodeKeepsItsOwnCopyAndAnotherProcessThatMovedOnIsNotOverwritten() {
        AccountDirectory a = node("a");
        AccountDirectory b = node("b");
        firstBatch(a);
        new AccountDirectoryPositions(a).storeToken(at(10), AccountDirectory.NAME, 0);
        assertThat(new AccountDirectoryPositions(b).fetchToken(AccountDirectory.NAME, 0)).isNull();
        assertThat(node("b").accounts()).isEmpty();
        assertThat(node("a").accounts()).hasSize(2);

        // Two processes with one node name (a mistake): the second to commit is refused, the first's state stands.
        AccountDirectory twin = node("a");
        secondBatch(a);
        new AccountDirectoryPositions(a).storeToken(at(20), AccountDirectory.NAME, 0);
        secondBatch(twin);
        assertThatThrownBy(() -> new AccountDirectoryPositions(twin).storeToken(at(20), AccountDirectory.NAME, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThat(seen(node("a"))).isEqualTo(seen(a));
    }

    @Test
    void noPasswordHashTotpSecretOrTokenIsStored() {
        AccountDirectory first = node("");
        firstBatch(first);
        secondBatch(first);
        new AccountDirectoryPositions(first).storeToken(at(20), AccountDirectory.NAME, 0);
        StringBuilder everything = new StringBuilder();
        db.getCollection(MongoAccountDirectoryStore.COLLECTION).find().forEach(d -> everything.append(d.toJson()));
        assertThat(everything).contains("kim@example.org"); // the store holds the directory...
        assertThat(everything.toString()).doesNotContain(HASH).doesNotContain("argon2").doesNotContain(TOTP).doesNotContain("totp-secret");
    }

    @Test
    void sessionsPastTheirExpiryAreNotKept() {
        AccountDirectory first = node("");
        first.on(new AccountCreated("account:kim", "kim", Language.DE, null, Set.of(Role.OPERATOR), HASH, false, "admin", T.minusSeconds(7200)));
        first.on(new SignedIn("account:kim", "old", "curl/8", false, T.minusSeconds(3600), -1, T.minusSeconds(7200)));
        first.on(new SignedIn("account:kim", "new", "curl/8", false, T.plusSeconds(3600), -1, T));
        new AccountDirectoryPositions(first).storeToken(at(3), AccountDirectory.NAME, 0);
        assertThat(db.getCollection(MongoAccountDirectoryStore.COLLECTION).find(new Document("account", "account:kim")).first()
                .getString("data")).contains("\"new\"").doesNotContain("\"old\"");
        assertThat(node("").sessionsOf("account:kim", LATER)).extracting(AccountDirectory.Session::sessionId).containsExactly("new");
    }
}
