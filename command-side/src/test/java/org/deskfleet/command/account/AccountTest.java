package org.deskfleet.command.account;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.secret.InMemoryDataKeys;
import org.deskfleet.kernel.account.AccountCreated;
import org.deskfleet.kernel.account.AccountDeleted;
import org.deskfleet.kernel.account.AccountDisabled;
import org.deskfleet.kernel.account.AccountLocked;
import org.deskfleet.kernel.account.ChangePassword;
import org.deskfleet.kernel.account.ConfirmMfa;
import org.deskfleet.kernel.account.CreateAccount;
import org.deskfleet.kernel.account.DeleteAccount;
import org.deskfleet.kernel.account.EndAllSessions;
import org.deskfleet.kernel.account.EndSession;
import org.deskfleet.kernel.account.Language;
import org.deskfleet.kernel.account.MfaEnabled;
import org.deskfleet.kernel.account.MfaEnrollmentStarted;
import org.deskfleet.kernel.account.PasswordChanged;
import org.deskfleet.kernel.account.Role;
import org.deskfleet.kernel.account.SessionEnded;
import org.deskfleet.kernel.account.SetAccountDisabled;
import org.deskfleet.kernel.account.SignIn;
import org.deskfleet.kernel.account.SignInFailed;
import org.deskfleet.kernel.account.SignInFailure;
import org.deskfleet.kernel.account.SignInOutcome;
import org.deskfleet.kernel.account.SignedIn;
import org.deskfleet.command.secret.SecretCipher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The Account slice through Axon's aggregate fixture. */
class AccountTest {

    private static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant LATER = T.plus(Duration.ofHours(12));
    private static final String ID = "account:alice";
    private static final String GOOD = "Tr0ub4dor&Horse!x";
    private static final AccountCreated CREATED = new AccountCreated(ID, "alice", Language.EN, "alice@example.org",
            Set.of(Role.OPERATOR), "h:change_me", true, "admin", T);
    private static final PasswordChanged CHANGED = new PasswordChanged(ID, "h:" + GOOD, false, "alice", T);

    /** Deterministic stand-in for Argon2, so events can be compared. */
    private static final PasswordEncoder PLAIN = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return "h:" + raw;
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return encoded.equals("h:" + raw);
        }
    };

    private AggregateTestFixture<Account> fixture;
    private final SecretCipher cipher = InMemoryDataKeys.cipher();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(PLAIN);
        fixture.registerInjectableResource(cipher);
        fixture.registerInjectableResource(new SignInPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10)));
        fixture.registerInjectableResource(new AccountTotp("SHA256", "deskfleet"));
    }

    private SignIn signIn(String password, String code, Instant at) {
        return new SignIn(ID, password, code, "s1", false, "curl/8", at.plus(Duration.ofHours(12)), at);
    }

    @Test
    void aNewAccountStartsWithTheInitialPasswordAndMustChangeIt() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, "Alice", Language.EN, "alice@example.org", Set.of(Role.OPERATOR), null, "admin", T))
                .expectEvents(CREATED);
        fixture.given(CREATED).when(signIn("change_me", null, T))
                .expectEvents(new SignedIn(ID, "s1", "curl/8", false, LATER, -1, T))
                .expectResultMessagePayload(new SignInOutcome(SignInOutcome.Result.SIGNED_IN, true, null));
        fixture.given(CREATED).when(new ChangePassword(ID, "change_me", GOOD, "alice", T)).expectEvents(CHANGED);
        fixture.given(CREATED, CHANGED).when(signIn(GOOD, null, T))
                .expectResultMessagePayload(new SignInOutcome(SignInOutcome.Result.SIGNED_IN, false, null));
    }

    @Test
    void badInputChangesNothing() {
        fixture.givenNoPriorActivity().when(new CreateAccount(ID, "alice", Language.EN, "not-an-address", Set.of(), null, "admin", T))
                .expectExceptionMessage("e-mail address 'not-an-address' is not valid; at least one role is needed (ADMINISTRATOR, OPERATOR, AUDITOR)");
        fixture.given(CREATED).when(new ChangePassword(ID, "wrong", GOOD, "alice", T))
                .expectExceptionMessage("the current password is wrong; nothing changed").expectNoEvents();
        fixture.given(CREATED).when(new ChangePassword(ID, "change_me", "aaaa", "alice", T))
                .expectException(IllegalArgumentException.class).expectNoEvents();
        fixture.given(CREATED).when(new EndSession(ID, "nope", "alice", T))
                .expectExceptionMessage("no open session nope of this account");
    }

    @Test
    void failuresAreCountedAndLockOutBacksOff() {
        SignInFailed f1 = new SignInFailed(ID, SignInFailure.WRONG_PASSWORD, 1, T);
        SignInFailed f2 = new SignInFailed(ID, SignInFailure.WRONG_PASSWORD, 2, T);
        fixture.given(CREATED).when(signIn("wrong", null, T)).expectEvents(f1)
                .expectResultMessagePayload(SignInOutcome.refused());
        Instant until = T.plus(Duration.ofMinutes(1));
        fixture.given(CREATED, f1, f2).when(signIn("wrong", null, T))
                .expectEvents(new SignInFailed(ID, SignInFailure.WRONG_PASSWORD, 3, T), new AccountLocked(ID, until, 3, T));
        AccountLocked locked = new AccountLocked(ID, until, 3, T);
        SignInFailed f3 = new SignInFailed(ID, SignInFailure.WRONG_PASSWORD, 3, T);
        // locked: even the right password is refused, and the refusal is recorded
        fixture.given(CREATED, f1, f2, f3, locked).when(signIn("change_me", null, T.plusSeconds(30)))
                .expectEvents(new SignInFailed(ID, SignInFailure.LOCKED, 4, T.plusSeconds(30)))
                .expectResultMessagePayload(SignInOutcome.refused());
        // after the lock: three more failures lock for twice as long
        Instant t2 = T.plusSeconds(120);
        fixture.given(CREATED, f1, f2, f3, locked, new SignInFailed(ID, SignInFailure.WRONG_PASSWORD, 4, t2),
                        new SignInFailed(ID, SignInFailure.WRONG_PASSWORD, 5, t2))
                .when(signIn("wrong", null, t2))
                .expectEvents(new SignInFailed(ID, SignInFailure.WRONG_PASSWORD, 6, t2), new AccountLocked(ID, t2.plus(Duration.ofMinutes(2)), 3, t2));
    }

    @Test
    void mfaNeedsACodeAndACodeIsAcceptedOnce() {
        var totp = new AccountTotp("SHA256", "deskfleet");
        var setup = totp.newSecret("alice");
        String encrypted = cipher.encrypt(ID, setup.secretBase32());
        MfaEnrollmentStarted started = new MfaEnrollmentStarted(ID, encrypted, "SHA256", "alice", T);
        long step = T.getEpochSecond() / 30;
        String code = AccountTotp.codeAt(setup.secretBase32(), "SHA256", T);
        fixture.given(CREATED, CHANGED, started).when(new ConfirmMfa(ID, code, "alice", T))
                .expectEvents(new MfaEnabled(ID, step, "alice", T));
        fixture.given(CREATED, CHANGED, started).when(new ConfirmMfa(ID, "000000".equals(code) ? "111111" : "000000", "alice", T))
                .expectException(IllegalArgumentException.class).expectNoEvents();
        MfaEnabled enabled = new MfaEnabled(ID, step - 1, "alice", T);
        fixture.given(CREATED, CHANGED, started, enabled).when(signIn(GOOD, null, T))
                .expectNoEvents().expectResultMessagePayload(new SignInOutcome(SignInOutcome.Result.MFA_REQUIRED, false, null));
        fixture.given(CREATED, CHANGED, started, enabled).when(signIn(GOOD, code, T))
                .expectEvents(new SignedIn(ID, "s1", "curl/8", false, LATER, step, T));
        fixture.given(CREATED, CHANGED, started, enabled, new SignedIn(ID, "s0", "curl/8", false, LATER, step, T))
                .when(signIn(GOOD, code, T))
                .expectEvents(new SignInFailed(ID, SignInFailure.REPLAYED_CODE, 1, T));
        fixture.given(CREATED, CHANGED, started, enabled).when(signIn(GOOD, "12345x", T))
                .expectEvents(new SignInFailed(ID, SignInFailure.WRONG_CODE, 1, T));
    }

    @Test
    void sessionsEndOneByOneAllAtOnceAndWithTheAccount() {
        SignedIn s1 = new SignedIn(ID, "s1", "a", false, LATER, -1, T);
        SignedIn s2 = new SignedIn(ID, "s2", "b", true, LATER, -1, T);
        fixture.given(CREATED, s1, s2).when(new EndSession(ID, "s1", "alice", T))
                .expectEvents(new SessionEnded(ID, "s1", "alice", T));
        fixture.given(CREATED, s1, s2).when(new EndAllSessions(ID, "alice", T))
                .expectEvents(new SessionEnded(ID, "s1", "alice", T), new SessionEnded(ID, "s2", "alice", T));
        fixture.given(CREATED, s1).when(new SetAccountDisabled(ID, true, "admin", T))
                .expectEvents(new AccountDisabled(ID, true, "admin", T), new SessionEnded(ID, "s1", "admin", T));
        fixture.given(CREATED, s1).when(new DeleteAccount(ID, "admin", T))
                .expectEvents(new SessionEnded(ID, "s1", "admin", T), new AccountDeleted(ID, "admin", T));
        fixture.given(CREATED, new AccountDeleted(ID, "admin", T)).when(signIn("change_me", null, T))
                .expectNoEvents().expectResultMessagePayload(SignInOutcome.refused());
        fixture.given(CREATED, new AccountDisabled(ID, true, "admin", T)).when(signIn("change_me", null, T))
                .expectEvents(new SignInFailed(ID, SignInFailure.DISABLED, 1, T));
    }

    @Test
    void theTotpSecretIsStoredEncrypted() {
        fixture.given(CREATED, CHANGED).when(new org.deskfleet.kernel.account.StartMfaEnrollment(ID, "alice", T))
                .expectSuccessfulHandlerExecution()
                .expectState(a -> assertThat(a).extracting("state").extracting("pendingMfaSecret").asString().startsWith(SecretCipher.PREFIX));
    }
}
