package org.deskfleet.api.security;

import org.axonframework.eventhandling.TrackingToken;
import org.deskfleet.api.security.AccountDirectory.AccountView;
import org.deskfleet.api.security.AccountDirectory.HistoryEntry;
import org.deskfleet.api.security.AccountDirectory.Notification;
import org.deskfleet.api.security.AccountDirectory.Session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the account directory keeps what it knows together with its processor's position, so that a node starts
 * from the state at that position instead of replaying the whole history. Unlike the pending-jobs store (whose
 * writes are idempotent and may run ahead of its position), a {@link #commit} is all or nothing together with
 * the position: histories and feeds are appended to, and a notification goes to the accounts that exist when it
 * happens, so an event applied twice, or a later state under an earlier position, would show.
 */
public interface AccountDirectoryStore {

    /**
     * One account's part of the directory: what the API shows of it (never a password hash or TOTP secret), its
     * open sessions (ids, user agents and times: a session id is a claim inside a token signed with a key kept
     * outside every store, so it lets no reader of the store in, and the events and the history hold it anyway),
     * the sessions ended before their expiry, and its newest history entries and notifications.
     */
    record StoredAccount(String accountId, AccountView view, List<Session> sessions, Map<String, Instant> ended,
                         List<HistoryEntry> history, List<Notification> feed) {
    }

    /** The state at {@code position}; a null position: nothing stored yet (the processor starts at the first event). */
    record Snapshot(List<StoredAccount> accounts, TrackingToken position) {
        public static final Snapshot EMPTY = new Snapshot(List.of(), null);
    }

    Snapshot load();

    /**
     * The accounts changed since the last commit and the position after the events that changed them, both or
     * neither: after a crash at any point, {@link #load} gives the state of the last position stored.
     *
     * @throws org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException when another process with
     *         this node's name committed in between (its state stands; this one reloads)
     */
    void commit(List<StoredAccount> changed, TrackingToken position);

    /** Nothing kept (a reset: the processor starts again from the first event). */
    void clear();

    /** Keeps nothing: the directory is rebuilt from the events at every start (tests, or the earlier design on request). */
    AccountDirectoryStore NONE = new AccountDirectoryStore() {
        @Override
        public Snapshot load() {
            return Snapshot.EMPTY;
        }

        @Override
        public void commit(List<StoredAccount> changed, TrackingToken position) {
        }

        @Override
        public void clear() {
        }
    };
}
