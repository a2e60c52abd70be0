package org.deskfleet.api.security;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
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
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

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
 * (and job ends): every request's session check is a map lookup, never a store round trip. Its processor
 * starts from the first event at every start (like the pending-jobs index); a sign-in or sign-out on this
 * node also updates it at once, so revocation is immediate here and follows the events on other nodes.
 * Operators are few: histories and feeds keep their newest {@value #KEPT} entries.
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
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<HistoryEntry>> histories = new ConcurrentHashMap<>();
    private final Map<String, Deque<Notification>> feeds = new ConcurrentHashMap<>();
    private final Sinks.Many<Notification> live = Sinks.many().multicast().directBestEffort();

    // --- the per-request checks -------------------------------------------------------------------

    public Optional<AccountView> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).filter(a -> !a.deleted());
    }

    /** An open session (not ended, not expired). */
    public Optional<Session> openSession(String sessionId, Instant now) {
        Session s = sessions.get(sessionId);
        return s == null || ended.contains(sessionId) || !now.isBefore(s.expiresAt()) ? Optional.empty() : Optional.of(s);
    }

    public List<AccountView> accounts() {
        return accounts.values().stream().filter(a -> !a.deleted()).sorted(Comparator.comparing(AccountView::userName)).toList();
    }

    public List<Session> sessionsOf(String accountId, Instant now) {
        return sessions.values().stream().filter(s -> s.accountId().equals(accountId))
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
        sessions.putIfAbsent(s.sessionId(), s);
    }

    void sessionEnded(String sessionId) {
        ended.add(sessionId);
    }

    // --- the events ----------------------------------------------------------------------------------

    @EventHandler
    void on(AccountCreated e) {
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
        sessions.put(e.sessionId(), new Session(e.sessionId(), e.accountId(), e.userAgent(), e.keepLoggedIn(), e.at(), e.expiresAt()));
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
        ended.add(e.sessionId());
        sessions.remove(e.sessionId());
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
        accounts.clear();
        sessions.clear();
        ended.clear();
        histories.clear();
        feeds.clear();
    }

    private void mfa(String accountId, boolean on) {
        change(accountId, a -> new AccountView(a.accountId(), a.userName(), a.language(), a.email(), a.roles(), a.failedLogins(),
                a.lastFailedLogin(), a.lockedUntil(), a.disabled(), a.deleted(), on, a.mustChangePassword(), a.createdAt(),
                a.notificationsReadUpTo(), a.notificationsClearedUpTo()));
    }

    private void change(String accountId, java.util.function.UnaryOperator<AccountView> f) {
        accounts.computeIfPresent(accountId, (k, a) -> f.apply(a));
    }

    private String name(String accountId) {
        AccountView a = accounts.get(accountId);
        return a == null ? accountId : a.userName();
    }

    private void record(AccountEvent e, String actor, String detail) {
        Deque<HistoryEntry> h = histories.computeIfAbsent(e.accountId(), k -> new ArrayDeque<>());
        synchronized (h) {
            h.addLast(new HistoryEntry(e.at(), e.getClass().getSimpleName(), actor, detail));
            if (h.size() > KEPT) {
                h.removeFirst();
            }
        }
    }

    private void notify(String accountId, Instant at, String kind, String message) {
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
