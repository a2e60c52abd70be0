package org.deskfleet.command.account;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.deskfleet.kernel.account.AccountCreated;
import org.deskfleet.kernel.account.AccountDeleted;
import org.deskfleet.kernel.account.AccountDisabled;
import org.deskfleet.kernel.account.AccountEvent;
import org.deskfleet.kernel.account.AccountLocked;
import org.deskfleet.kernel.account.AccountUnlocked;
import org.deskfleet.kernel.account.AccountUpdated;
import org.deskfleet.kernel.account.ClearNotifications;
import org.deskfleet.kernel.account.ConfirmMfa;
import org.deskfleet.kernel.account.CreateAccount;
import org.deskfleet.kernel.account.DeleteAccount;
import org.deskfleet.kernel.account.DisableMfa;
import org.deskfleet.kernel.account.EndAllSessions;
import org.deskfleet.kernel.account.EndSession;
import org.deskfleet.kernel.account.MarkNotificationsRead;
import org.deskfleet.kernel.account.MfaDisabled;
import org.deskfleet.kernel.account.MfaEnabled;
import org.deskfleet.kernel.account.MfaEnrollmentStarted;
import org.deskfleet.kernel.account.NotificationsCleared;
import org.deskfleet.kernel.account.NotificationsRead;
import org.deskfleet.kernel.account.PasswordChanged;
import org.deskfleet.kernel.account.SessionEnded;
import org.deskfleet.kernel.account.SetAccountDisabled;
import org.deskfleet.kernel.account.SignIn;
import org.deskfleet.kernel.account.SignInFailed;
import org.deskfleet.kernel.account.SignInFailure;
import org.deskfleet.kernel.account.SignInOutcome;
import org.deskfleet.kernel.account.SignedIn;
import org.deskfleet.kernel.account.UnlockAccount;
import org.deskfleet.kernel.account.UpdateAccount;
import org.deskfleet.kernel.account.UserName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Account's decisions as pure functions. What needs a slow or secret computation (hashing, checking a
 * password, decrypting the TOTP secret) is done by the aggregate before, and comes in as a value.
 */
public final class AccountDecider {

    /** OSEM's initial password: every new account starts with it and must change it at first sign-in. */
    public static final String INITIAL_PASSWORD = "change_me";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private AccountDecider() {
    }

    /** A sign-in's events and its answer. */
    public record Decision(List<AccountEvent> events, SignInOutcome outcome) {
    }

    /** @param passwordHash the hash of the given password, or of the initial one when none was given */
    public static List<AccountEvent> decide(CreateAccount c, AccountState s, String passwordHash) {
        if (s.accountId() != null) {
            throw new Conflict("account " + UserName.ofAccountId(c.accountId()) + " already exists"
                    + (s.deleted() ? " (deleted; user names are not reused)" : ""));
        }
        UserName name = new UserName(c.userName());
        if (!name.accountId().equals(c.accountId())) {
            throw new InvalidInput("account id must be " + name.accountId());
        }
        List<String> problems = new ArrayList<>(details(c.email(), c.roles()));
        if (c.password() != null) {
            PasswordPolicy.violations(c.password(), name.value()).forEach(v -> problems.add("password: " + v));
        }
        reject(problems);
        return List.of(new AccountCreated(c.accountId(), name.value(), c.language() == null ? org.deskfleet.kernel.account.Language.EN : c.language(),
                blankToNull(c.email()), Set.copyOf(c.roles()), passwordHash, true, c.actor(), c.at()));
    }

    public static List<AccountEvent> decide(UpdateAccount c, AccountState s) {
        requireExists(s, c.accountId());
        reject(details(c.email(), c.roles()));
        String email = blankToNull(c.email());
        var language = c.language() == null ? s.language() : c.language();
        if (java.util.Objects.equals(email, s.email()) && language == s.language() && Set.copyOf(c.roles()).equals(s.roles())) {
            return List.of();
        }
        return List.of(new AccountUpdated(c.accountId(), email, language, Set.copyOf(c.roles()), c.actor(), c.at()));
    }

    /**
     * @param oldPasswordMatches whether the given current password is the account's
     * @param newHash the hash of the new password (computed only when it may be used)
     */
    public static List<AccountEvent> decideChangePassword(String accountId, String newPassword, boolean sameAsOld, AccountState s,
                                                          boolean oldPasswordMatches, String newHash, String actor, java.time.Instant at) {
        requireExists(s, accountId);
        if (!oldPasswordMatches) {
            throw new InvalidInput("the current password is wrong; nothing changed");
        }
        List<String> problems = new ArrayList<>(PasswordPolicy.violations(newPassword, s.userName()));
        if (sameAsOld) {
            problems.add("must differ from the current password");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput("the new password breaks " + problems.size() + " rule(s): " + String.join("; ", problems));
        }
        return List.of(new PasswordChanged(accountId, newHash, false, actor, at));
    }

    /** An administrator resets the password to the initial one: the holder must change it, sessions end. */
    public static List<AccountEvent> decideResetPassword(String accountId, AccountState s, String initialHash, String actor, java.time.Instant at) {
        requireExists(s, accountId);
        List<AccountEvent> events = new ArrayList<>();
        events.add(new PasswordChanged(accountId, initialHash, true, actor, at));
        s.openSessions(at).keySet().stream().sorted().forEach(id -> events.add(new SessionEnded(accountId, id, actor, at)));
        return events;
    }

    /**
     * @param passwordMatches whether the password is the account's (always checked, so every answer takes as long)
     * @param totpStep the step the code matched, -1 when it matched none, ignored without MFA
     */
    public static Decision decide(SignIn c, AccountState s, boolean passwordMatches, long totpStep, SignInPolicy policy) {
        if (!s.exists()) {
            return new Decision(List.of(), SignInOutcome.refused());
        }
        if (s.disabled()) {
            return failed(c, s, SignInFailure.DISABLED, policy, false);
        }
        if (s.lockedUntil() != null && c.at().isBefore(s.lockedUntil())) {
            return failed(c, s, SignInFailure.LOCKED, policy, false);
        }
        if (!passwordMatches) {
            return failed(c, s, SignInFailure.WRONG_PASSWORD, policy, true);
        }
        long step = -1;
        if (s.mfaEnabled()) {
            if (c.totpCode() == null || c.totpCode().isBlank()) {
                return new Decision(List.of(), new SignInOutcome(SignInOutcome.Result.MFA_REQUIRED, false, null));
            }
            if (totpStep < 0) {
                return failed(c, s, SignInFailure.WRONG_CODE, policy, true);
            }
            if (totpStep <= s.lastTotpStep()) {
                return failed(c, s, SignInFailure.REPLAYED_CODE, policy, true);
            }
            step = totpStep;
        }
        if (c.sessionId() == null || c.expiresAt() == null || !c.expiresAt().isAfter(c.at())) {
            throw new InvalidInput("a session needs an id and an expiry after its start");
        }
        return new Decision(List.of(new SignedIn(c.accountId(), c.sessionId(), c.userAgent(), c.keepLoggedIn(), c.expiresAt(), step, c.at())),
                new SignInOutcome(SignInOutcome.Result.SIGNED_IN, s.mustChangePassword(), null));
    }

    private static Decision failed(SignIn c, AccountState s, SignInFailure reason, SignInPolicy policy, boolean counts) {
        List<AccountEvent> events = new ArrayList<>();
        events.add(new SignInFailed(c.accountId(), reason, s.failedLogins() + 1, c.at()));
        java.time.Instant until = null;
        if (counts && s.failuresInARow() + 1 >= policy.maxFailures()) {
            until = policy.lockedUntil(c.at(), s.locks());
            events.add(new AccountLocked(c.accountId(), until, s.failuresInARow() + 1, c.at()));
        }
        return new Decision(events, new SignInOutcome(SignInOutcome.Result.REFUSED, false, until));
    }

    public static List<AccountEvent> decide(EndSession c, AccountState s) {
        requireExists(s, c.accountId());
        if (!s.openSessions(c.at()).containsKey(c.sessionId())) {
            throw new InvalidInput("no open session " + c.sessionId() + " of this account");
        }
        return List.of(new SessionEnded(c.accountId(), c.sessionId(), c.actor(), c.at()));
    }

    public static List<AccountEvent> decide(EndAllSessions c, AccountState s) {
        requireExists(s, c.accountId());
        return s.openSessions(c.at()).keySet().stream().sorted()
                .map(id -> (AccountEvent) new SessionEnded(c.accountId(), id, c.actor(), c.at())).toList();
    }

    /** @param encryptedSecret the new secret, encrypted under the account's data key */
    public static List<AccountEvent> decideStartMfa(String accountId, AccountState s, String encryptedSecret, String algorithm,
                                                    String actor, java.time.Instant at) {
        requireExists(s, accountId);
        if (s.mfaEnabled()) {
            throw new Conflict("MFA is already on for this account; an administrator can switch it off first");
        }
        return List.of(new MfaEnrollmentStarted(accountId, encryptedSecret, algorithm, actor, at));
    }

    /** @param totpStep the step the code matched on the pending secret, -1 when none */
    public static List<AccountEvent> decide(ConfirmMfa c, AccountState s, long totpStep) {
        requireExists(s, c.accountId());
        if (s.pendingMfaSecret() == null) {
            throw new Conflict("no MFA enrolment started: start one first");
        }
        if (totpStep < 0) {
            throw new InvalidInput("wrong authentication code; MFA is not on yet (check the device's clock and try the next code)");
        }
        return List.of(new MfaEnabled(c.accountId(), totpStep, c.actor(), c.at()));
    }

    public static List<AccountEvent> decide(DisableMfa c, AccountState s) {
        requireExists(s, c.accountId());
        return s.mfaEnabled() || s.pendingMfaSecret() != null ? List.of(new MfaDisabled(c.accountId(), c.actor(), c.at())) : List.of();
    }

    public static List<AccountEvent> decide(UnlockAccount c, AccountState s) {
        requireExists(s, c.accountId());
        return s.lockedUntil() == null && s.failuresInARow() == 0 ? List.of()
                : List.of(new AccountUnlocked(c.accountId(), c.actor(), c.at()));
    }

    public static List<AccountEvent> decide(SetAccountDisabled c, AccountState s) {
        requireExists(s, c.accountId());
        if (c.disabled() == s.disabled()) {
            return List.of();
        }
        List<AccountEvent> events = new ArrayList<>();
        events.add(new AccountDisabled(c.accountId(), c.disabled(), c.actor(), c.at()));
        if (c.disabled()) {
            s.openSessions(c.at()).keySet().stream().sorted().forEach(id -> events.add(new SessionEnded(c.accountId(), id, c.actor(), c.at())));
        }
        return events;
    }

    public static List<AccountEvent> decide(DeleteAccount c, AccountState s) {
        requireExists(s, c.accountId());
        List<AccountEvent> events = new ArrayList<>();
        s.openSessions(c.at()).keySet().stream().sorted().forEach(id -> events.add(new SessionEnded(c.accountId(), id, c.actor(), c.at())));
        events.add(new AccountDeleted(c.accountId(), c.actor(), c.at()));
        return events;
    }

    public static List<AccountEvent> decide(MarkNotificationsRead c, AccountState s) {
        requireExists(s, c.accountId());
        return s.notificationsReadUpTo() != null && !c.upTo().isAfter(s.notificationsReadUpTo()) ? List.of()
                : List.of(new NotificationsRead(c.accountId(), c.upTo(), c.actor(), c.at()));
    }

    public static List<AccountEvent> decide(ClearNotifications c, AccountState s) {
        requireExists(s, c.accountId());
        return s.notificationsClearedUpTo() != null && !c.upTo().isAfter(s.notificationsClearedUpTo()) ? List.of()
                : List.of(new NotificationsCleared(c.accountId(), c.upTo(), c.actor(), c.at()));
    }

    public static AccountState evolve(AccountState s, AccountEvent e) {
        return switch (e) {
            case AccountCreated c -> new AccountState(c.accountId(), c.userName(), c.language(), c.email(), c.roles(),
                    c.passwordHash(), c.mustChangePassword(), 0, null, 0, 0, null, null, null, null, -1, false, false,
                    Map.of(), null, null);
            case AccountUpdated u -> new AccountState(s.accountId(), s.userName(), u.language(), u.email(), u.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case PasswordChanged p -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    p.passwordHash(), p.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case org.deskfleet.kernel.account.SignedIn in -> {
                Map<String, java.time.Instant> sessions = new HashMap<>(s.openSessions(in.at()));
                sessions.put(in.sessionId(), in.expiresAt());
                yield new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                        s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), 0, 0,
                        null, s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), Math.max(s.lastTotpStep(), in.totpStep()),
                        s.disabled(), s.deleted(), Map.copyOf(sessions), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            }
            case SignInFailed f -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), f.failedLogins(), f.at(),
                    f.reason() == SignInFailure.LOCKED || f.reason() == SignInFailure.DISABLED ? s.failuresInARow() : s.failuresInARow() + 1,
                    s.locks(), s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case AccountLocked l -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), 0, s.locks() + 1,
                    l.until(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case AccountUnlocked u -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), 0, 0,
                    null, s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case SessionEnded x -> {
                Map<String, java.time.Instant> sessions = new HashMap<>(s.sessions());
                sessions.remove(x.sessionId());
                yield new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                        s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                        s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                        s.deleted(), Map.copyOf(sessions), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            }
            case MfaEnrollmentStarted m -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), null, m.encryptedSecret(), m.algorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case MfaEnabled m -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), s.pendingMfaSecret(), null, s.mfaAlgorithm(), Math.max(s.lastTotpStep(), m.totpStep()), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case MfaDisabled m -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), null, null, null, s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case AccountDisabled d -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), d.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case AccountDeleted d -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    true, Map.of(), s.notificationsReadUpTo(), s.notificationsClearedUpTo());
            case NotificationsRead r -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), r.upTo(), s.notificationsClearedUpTo());
            case NotificationsCleared r -> new AccountState(s.accountId(), s.userName(), s.language(), s.email(), s.roles(),
                    s.passwordHash(), s.mustChangePassword(), s.failedLogins(), s.lastFailure(), s.failuresInARow(), s.locks(),
                    s.lockedUntil(), s.mfaSecret(), s.pendingMfaSecret(), s.mfaAlgorithm(), s.lastTotpStep(), s.disabled(),
                    s.deleted(), s.sessions(), s.notificationsReadUpTo(), r.upTo());
        };
    }

    private static List<String> details(String email, Set<?> roles) {
        List<String> problems = new ArrayList<>();
        if (email != null && !email.isBlank() && (email.length() > 254 || !EMAIL.matcher(email.strip()).matches())) {
            problems.add("e-mail address '" + email + "' is not valid");
        }
        if (roles == null || roles.isEmpty()) {
            problems.add("at least one role is needed (ADMINISTRATOR, OPERATOR, AUDITOR)");
        }
        return problems;
    }

    private static void reject(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
    }

    private static void requireExists(AccountState s, String id) {
        if (!s.exists()) {
            throw new Conflict("no account " + UserName.ofAccountId(id));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
