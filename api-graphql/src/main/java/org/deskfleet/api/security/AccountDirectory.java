package org.deskfleet.api.security;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.deskfleet.kernel.account.AccountCreated;
import org.deskfleet.kernel.account.AccountDeleted;
import org.deskfleet.kernel.account.AccountDisabled;
import org.deskfleet.kernel.account.AccountEvent;
import org.deskfleet.kernel.account.AccountLocked;
import org.deskfleet.kernel.account.AccountUnlocked;
import org.deskfleet.kernel.account.AccountUpdated;
import org.deskfleet.kernel.account.Language;
import org.deskfleet.kernel.account.MfaDisabled;
import org.deskfleet.kernel.account.MfaEnabled;
import org.deskfleet.kernel.account.MfaEnrollmentStarted;
import org.deskfleet.kernel.account.NotificationsCleared;
import org.deskfleet.kernel.account.NotificationsRead;
import org.deskfleet.kernel.account.PasswordChanged;
import org.deskfleet.kernel.account.Role;
import org.deskfleet.kernel.account.SessionEnded;
import org.deskfleet.kernel.account.SignInFailed;
import org.deskfleet.kernel.account.SignedIn;
import org.deskfleet.kernel.job.JobCompleted;
import org.deskfleet.kernel.job.JobStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts, their open sessions, histories and notification feeds, in memory and fed by the Account events
 * (and job ends): every request's session check is a map lookup, never a store round trip. What it knows is
 * kept in an {@link AccountDirectoryStore} together with its processor's position ({@link AccountDirectoryPositions}
 * is that processor's token store): a node starts from the stored state and catches up from its position, so
 * start-up does not replay the history. A sign-in or sign-out on this node also updates it at once (in memory
 * only, until the event comes), so revocation is immediate here and follows the events on other nodes.
 * Operators are few: histories and feeds keep their newest {@value #KEPT} entries; sessions past their expiry
 * are not kept.
 */
@Component
@ProcessingGroup(AccountDirectory.NAME)
public class AccountDirectory {

    public static final String NAME = "account-directory";
    static final int KEPT = 500;

    /** What the API shows of an account (never its password hash or TOTP secret). */
    public record AccountView(String accountId, String userName, Language language, String email, Set<Role> roles,
                              int failedLogins, Instant lastFailedLogin, Instant lockedUntil, boolean disabled,
                              boolean deleted, boolean mfaEnabled, boolean mustChangePassword, Instant createdAt,
                              Instant notificationsReadUpTo, Instant notificationsClearedUpTo) {
        public boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }
    }

    public record Session(String sessionId, String accountId, String userAgent, boolean keepLoggedIn, Instant start, Instant expiresAt) {
    }

    public record HistoryEntry(Instant at, String event, String actor, String detail) {
    }

    public record Notification(String id, String accountId, Instant at, String kind, String message) {
    }

    private volatile boolean ready;

    /**
     * Whether the directory has caught up with the event store since this node started. Until then it may show
     * an account as it was long ago (a password since changed, a session since ended, an account since deleted):
     * nothing is signed in or authorised from it before ({@link BearerTokenFilter} answers 503).
     */
    public boolean ready() {
        return ready;
    }

    /** Told by the application once the directory's processor has caught up with the event store. */
    public void markReady() {
        ready = true;
    }

    private final Map<String, AccountView> accounts = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Sessions ended before their expiry, by id: their account and expiry (after which they need no remembering). */
    private final Map<String, Ended> ended = new ConcurrentHashMap<>();
    /** This node's own sign-ins and sign-outs, until their events come: never stored (the events are what counts). */
    private final Map<String, Session> eagerSessions = new ConcurrentHashMap<>();
    private final Set<String> eagerEnded = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<HistoryEntry>> histories = new ConcurrentHashMap<>();
    private final Map<String, Deque<Notification>> feeds = new ConcurrentHashMap<>();
    private final Sinks.Many<Notification> live = Sinks.many().multicast().directBestEffort();

    private record Ended(String accountId, Instant expiresAt) {
    }

    private final AccountDirectoryStore store;
    private final Clock clock;
    /** Accounts changed by events since the last commit (the processor's thread only). */
    private final Set<String> changed = new java.util.HashSet<>();
    /** Events applied since the last commit: if the batch fails, memory is ahead of the store and is reloaded. */
    private volatile boolean uncommitted;
    /** The position of the state in memory once committed (or loaded): where its processor goes on from. */
    private TrackingToken position;
    private final int loadedAtStart;

    /** Held in memory only: rebuilt from the events (tests). */
    public AccountDirectory() {
        this(AccountDirectoryStore.NONE, Clock.systemUTC());
    }

    /** Starts from what the store holds. */
    @Autowired
    public AccountDirectory(AccountDirectoryStore store) {
        this(store, Clock.systemUTC());
    }

    AccountDirectory(AccountDirectoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        AccountDirectoryStore.Snapshot snapshot = store.load();
        install(snapshot);
        this.position = snapshot.position();
        this.loadedAtStart = snapshot.accounts().size();
    }

    /** Accounts this node found in the store at start (not replayed): for the start-up log and tests. */
    public int loadedAtStart() {
        return loadedAtStart;
    }

    // --- the per-request checks -------------------------------------------------------------------

    public Optional<AccountView> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).filter(a -> !a.deleted());
    }

    /** An open session (not ended, not expired). */
    public Optional<Session> openSession(String sessionId, Instant now) {
        Session s = sessions.get(sessionId);
        if (s == null) {
            s = eagerSessions.get(sessionId);
        }
        return s == null || ended.containsKey(sessionId) || eagerEnded.contains(sessionId) || !now.isBefore(s.expiresAt())
                ? Optional.empty() : Optional.of(s);
    }

    public List<AccountView> accounts() {
        return accounts.values().stream().filter(a -> !a.deleted()).sorted(Comparator.comparing(AccountView::userName)).toList();
    }

    public List<Session> sessionsOf(String accountId, Instant now) {
        Map<String, Session> all = new java.util.HashMap<>(eagerSessions);
        all.putAll(sessions);
        return all.values().stream().filter(s -> s.accountId().equals(accountId))
                .filter(s -> openSession(s.sessionId(), now).isPresent())
                .sorted(Comparator.comparing(Session::start)).toList();
    }

    public List<HistoryEntry> history(String accountId) {
        Deque<HistoryEntry> h = histories.get(accountId);
        if (h == null) {
            return List.of();
        }
        synchronized (h) {
            List<HistoryEntry> newestFirst = new ArrayList<>(h);
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    /** The account's feed, newest first, without what it cleared. */
    public List<Notification> notifications(String accountId) {
        AccountView a = accounts.get(accountId);
        Deque<Notification> f = feeds.get(accountId);
        if (a == null || f == null) {
            return List.of();
        }
        synchronized (f) {
            List<Notification> out = new ArrayList<>();
            f.descendingIterator().forEachRemaining(n -> {
                if (a.notificationsClearedUpTo() == null || n.at().isAfter(a.notificationsClearedUpTo())) {
                    out.add(n);
                }
            });
            return out;
        }
    }

    public Flux<Notification> live(String accountId) {
        return live.asFlux().filter(n -> n.accountId().equals(accountId));
    }

    // --- eager updates by this node's own sign-in / sign-out ---------------------------------------

    void sessionStarted(Session s) {
        if (!sessions.containsKey(s.sessionId()) && !ended.containsKey(s.sessionId())) {
            eagerSessions.putIfAbsent(s.sessionId(), s);
        }
    }

    void sessionEnded(String sessionId) {
        eagerEnded.add(sessionId);
    }

    // --- the events ----------------------------------------------------------------------------------

    @EventHandler
    void on(AccountCreated e) {
        changed(e.accountId());
        accounts.put(e.accountId(), new AccountView(e.accountId(), e.userName(), e.language(), e.email(), e.roles(), 0, null,
                null, false, false, false, e.mustChangePassword(), e.at(), null, null));
        record(e, e.actor(), "user name " + e.userName() + ", roles " + e.roles());
    }

    @EventHandler
    void on(AccountUpdated e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), e.language(), e.email(), e.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), a.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, e.actor(), "e-mail " + e.email() + ", language " + e.language() + ", roles " + e.roles());
    }

    @EventHandler
    void on(PasswordChanged e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), a.disabled(), a.deleted(), a.mfaEnabled(), e.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, e.actor(), e.mustChangePassword() ? "reset to the initial password" : null);
    }

    @EventHandler
    void on(SignedIn e) {
        if (!ended.containsKey(e.sessionId())) {
            sessions.put(e.sessionId(), new Session(e.sessionId(), e.accountId(), e.userAgent(), e.keepLoggedIn(), e.at(), e.expiresAt()));
        }
        eagerSessions.remove(e.sessionId());
        changed(e.accountId());
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), null, a.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, name(e.accountId()), "session " + e.sessionId() + " (" + UserAgentParts.describe(e.userAgent()) + "), until " + e.expiresAt());
    }

    @EventHandler
    void on(SignInFailed e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), e.failedLogins(),
                e.at(), a.lockedUntil(), a.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, null, e.reason().name());
        notify(e.accountId(), e.at(), "FAILED_LOGIN", "Failed sign-in to your account (" + e.reason().name().toLowerCase().replace('_', ' ')
                + "); " + e.failedLogins() + " failed in total");
    }

    @EventHandler
    void on(AccountLocked e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), e.until(), a.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, null, e.failuresInARow() + " failed sign-ins in a row; locked until " + e.until());
        String message = "Account " + name(e.accountId()) + " is locked until " + e.until() + " after " + e.failuresInARow()
                + " failed sign-ins in a row";
        notify(e.accountId(), e.at(), "ACCOUNT_LOCKED", message);
        accounts.values().stream().filter(a -> !a.deleted() && a.roles().contains(Role.ADMINISTRATOR) && !a.accountId().equals(e.accountId()))
                .forEach(a -> notify(a.accountId(), e.at(), "ACCOUNT_LOCKED", message));
    }

    @EventHandler
    void on(AccountUnlocked e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), null, a.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, e.actor(), null);
    }

    @EventHandler
    void on(SessionEnded e) {
        Session s = sessions.remove(e.sessionId());
        Session eager = eagerSessions.remove(e.sessionId());
        Instant expiry = s != null ? s.expiresAt() : eager != null ? eager.expiresAt() : null;
        ended.put(e.sessionId(), new Ended(e.accountId(), expiry));
        eagerEnded.remove(e.sessionId());
        changed(e.accountId());
        record(e, e.actor(), "session " + e.sessionId());
    }

    @EventHandler
    void on(MfaEnrollmentStarted e) {
        record(e, e.actor(), e.algorithm());
    }

    @EventHandler
    void on(MfaEnabled e) {
        mfa(e.accountId(), true);
        record(e, e.actor(), null);
    }

    @EventHandler
    void on(MfaDisabled e) {
        mfa(e.accountId(), false);
        record(e, e.actor(), null);
    }

    @EventHandler
    void on(AccountDisabled e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), e.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, e.actor(), e.disabled() ? "disabled" : "enabled");
    }

    @EventHandler
    void on(AccountDeleted e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), a.disabled(), true, a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
        record(e, e.actor(), null);
    }

    @EventHandler
    void on(NotificationsRead e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), a.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                e.upTo(), a.notificationsClearedUpTo()));
    }

    @EventHandler
    void on(NotificationsCleared e) {
        change(e.accountId(), a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), a.disabled(), a.deleted(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), e.upTo()));
    }

    /** OSEM 2.7: a job that did not fully succeed is worth every operator's attention. */
    @EventHandler
    void on(JobCompleted e) {
        if (e.state() == JobStatus.FAILED || e.state() == JobStatus.TIMEOUT || e.state() == JobStatus.PARTIAL_SUCCESSFUL) {
            String message = "Job " + e.jobId() + " ended " + e.state() + " (" + e.succeeded() + " succeeded, " + e.partial()
                    + " partial, " + e.failed() + " failed, " + e.timedOut() + " timed out)";
            accounts.values().stream().filter(a -> !a.deleted() && !a.createdAt().isAfter(e.at()))
                    .forEach(a -> notify(a.accountId(), e.at(), "JOB_" + e.state(), message));
        }
    }

    @ResetHandler
    void reset() {
        synchronized (this) {
            uncommitted = true;
            store.clear();
            changed.clear();
            position = null;
        }
        accounts.clear();
        sessions.clear();
        ended.clear();
        eagerSessions.clear();
        eagerEnded.clear();
        histories.clear();
        feeds.clear();
    }

    // --- kept with the position (called by the processor's token store, on the processor's thread) ---------------

    /**
     * Where the processor goes on from. If events were applied since the last commit (a batch that failed, or a
     * commit that did not complete), memory is ahead of the store: it goes back to the stored state first, so
     * the batch is applied once, again, to the state it belongs to.
     */
    synchronized TrackingToken restartPosition() {
        if (uncommitted) {
            AccountDirectoryStore.Snapshot snapshot = store.load();
            install(snapshot);
            position = snapshot.position();
            changed.clear();
            uncommitted = false;
        }
        return position;
    }

    /** The position of the state last committed (or loaded). */
    synchronized TrackingToken committedPosition() {
        return position;
    }

    /** The accounts changed since the last commit, stored with the position after the batch that changed them. */
    synchronized void commit(TrackingToken token) {
        Instant now = clock.instant();
        List<AccountDirectoryStore.StoredAccount> out = new ArrayList<>(changed.size());
        for (String id : changed) {
            AccountDirectoryStore.StoredAccount a = stored(id, now);
            if (a != null) {
                out.add(a);
            }
        }
        store.commit(out, token);
        changed.clear();
        position = token;
        uncommitted = false;
    }

    private AccountDirectoryStore.StoredAccount stored(String accountId, Instant now) {
        AccountView view = accounts.get(accountId);
        List<Session> open = sessions.values().stream().filter(s -> s.accountId().equals(accountId) && now.isBefore(s.expiresAt()))
                .sorted(Comparator.comparing(Session::start)).toList();
        Map<String, Instant> endedEarly = new java.util.TreeMap<>();
        ended.forEach((id, x) -> {
            if (x.accountId().equals(accountId) && x.expiresAt() != null && now.isBefore(x.expiresAt())) {
                endedEarly.put(id, x.expiresAt());
            }
        });
        List<HistoryEntry> history = copy(histories.get(accountId));
        List<Notification> feed = copy(feeds.get(accountId));
        if (view == null && history.isEmpty() && feed.isEmpty()) {
            return null;
        }
        return new AccountDirectoryStore.StoredAccount(accountId, view, open, endedEarly, history, feed);
    }

    private static <T> List<T> copy(Deque<T> d) {
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return List.copyOf(d);
        }
    }

    /**
     * Becomes the stored state: entries are replaced and removed one by one (never a moment with no accounts for
     * the requests of other threads); sessions and ends past their expiry are left out.
     */
    private void install(AccountDirectoryStore.Snapshot snapshot) {
        Instant now = clock.instant();
        Map<String, AccountView> a = new java.util.HashMap<>();
        Map<String, Session> s = new java.util.HashMap<>();
        Map<String, Ended> x = new java.util.HashMap<>();
        Map<String, Deque<HistoryEntry>> h = new java.util.HashMap<>();
        Map<String, Deque<Notification>> f = new java.util.HashMap<>();
        for (AccountDirectoryStore.StoredAccount stored : snapshot.accounts()) {
            if (stored.view() != null) {
                a.put(stored.accountId(), stored.view());
            }
            stored.sessions().stream().filter(v -> now.isBefore(v.expiresAt())).forEach(v -> s.put(v.sessionId(), v));
            stored.ended().forEach((id, until) -> {
                if (now.isBefore(until)) {
                    x.put(id, new Ended(stored.accountId(), until));
                }
            });
            if (!stored.history().isEmpty()) {
                h.put(stored.accountId(), new ArrayDeque<>(stored.history()));
            }
            if (!stored.feed().isEmpty()) {
                f.put(stored.accountId(), new ArrayDeque<>(stored.feed()));
            }
        }
        replace(accounts, a);
        replace(sessions, s);
        replace(ended, x);
        replace(histories, h);
        replace(feeds, f);
    }

    private static <V> void replace(Map<String, V> target, Map<String, V> with) {
        target.keySet().retainAll(with.keySet());
        target.putAll(with);
    }

    private void changed(String accountId) {
        changed.add(accountId);
        uncommitted = true;
    }

    private void mfa(String accountId, boolean on) {
        change(accountId, a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), a.disabled(), a.deleted(), on, a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
    }

    private void change(String accountId, java.util.function.UnaryOperator<AccountView> f) {
        changed(accountId);
        accounts.computeIfPresent(accountId, (k, a) -> f.apply(a));
    }

    private String name(String accountId) {
        AccountView a = accounts.get(accountId);
        return a == null ? accountId : a.userName();
    }

    private void record(AccountEvent e, String actor, String detail) {
        changed(e.accountId());
        Deque<HistoryEntry> h = histories.computeIfAbsent(e.accountId(), k -> new ArrayDeque<>());
        synchronized (h) {
            h.addLast(new HistoryEntry(e.at(), e.getClass().getSimpleName(), actor, detail));
            if (h.size() > KEPT) {
                h.removeFirst();
            }
        }
    }

    private void notify(String accountId, Instant at, String kind, String message) {
        changed(accountId);
        Deque<Notification> f = feeds.computeIfAbsent(accountId, k -> new ArrayDeque<>());
        Notification n;
        synchronized (f) {
            n = new Notification(accountId.hashCode() + "-" + at.toEpochMilli() + "-" + f.size(), accountId, at, kind, message);
            f.addLast(n);
            if (f.size() > KEPT) {
                f.removeFirst();
            }
        }
        live.tryEmitNext(n);
    }
}
