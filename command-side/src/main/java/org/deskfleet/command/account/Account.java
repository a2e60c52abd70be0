package org.deskfleet.command.account;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.account.AccountEvent;
import org.deskfleet.kernel.account.ChangePassword;
import org.deskfleet.kernel.account.ClearNotifications;
import org.deskfleet.kernel.account.ConfirmMfa;
import org.deskfleet.kernel.account.CreateAccount;
import org.deskfleet.kernel.account.DeleteAccount;
import org.deskfleet.kernel.account.DisableMfa;
import org.deskfleet.kernel.account.EndAllSessions;
import org.deskfleet.kernel.account.EndSession;
import org.deskfleet.kernel.account.MarkNotificationsRead;
import org.deskfleet.kernel.account.MfaSetup;
import org.deskfleet.kernel.account.ResetPassword;
import org.deskfleet.kernel.account.SetAccountDisabled;
import org.deskfleet.kernel.account.SignIn;
import org.deskfleet.kernel.account.SignInOutcome;
import org.deskfleet.kernel.account.StartMfaEnrollment;
import org.deskfleet.kernel.account.UnlockAccount;
import org.deskfleet.kernel.account.UpdateAccount;
import org.deskfleet.command.secret.SecretCipher;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * An operator's account (OSEM 2.8), event-sourced: its events are its audit trail. Decisions are in
 * {@link AccountDecider}; this class only does what is slow or secret first: hashing and checking passwords
 * with the configured {@link PasswordEncoder} (Argon2), and the TOTP secret's encryption under the account's
 * own data key (like every stored secret: deleting the key shreds it).
 */
@Aggregate
public class Account {

    @AggregateIdentifier
    private String accountId;
    private AccountState state = AccountState.INITIAL;

    protected Account() {
        // for Axon
    }

    @CommandHandler
    public Account(CreateAccount command, PasswordEncoder passwords) {
        String clear = command.password() == null ? AccountDecider.INITIAL_PASSWORD : command.password();
        // the policy is checked before hashing, so a rejected password costs nothing
        if (command.password() != null && !PasswordPolicy.violations(command.password(), command.userName()).isEmpty()) {
            AccountDecider.decide(command, state, null);
        }
        AccountDecider.decide(command, state, passwords.encode(clear)).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(UpdateAccount command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(ChangePassword command, PasswordEncoder passwords) {
        boolean oldMatches = state.passwordHash() != null && command.oldPassword() != null
                && passwords.matches(command.oldPassword(), state.passwordHash());
        boolean acceptable = oldMatches && PasswordPolicy.violations(command.newPassword(), state.userName()).isEmpty();
        boolean same = command.newPassword() != null && command.newPassword().equals(command.oldPassword());
        String hash = acceptable && !same ? passwords.encode(command.newPassword()) : null;
        AccountDecider.decideChangePassword(command.accountId(), command.newPassword(), same, state, oldMatches, hash,
                command.actor(), command.at()).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(ResetPassword command, PasswordEncoder passwords) {
        AccountDecider.decideResetPassword(command.accountId(), state, passwords.encode(AccountDecider.INITIAL_PASSWORD),
                command.actor(), command.at()).forEach(AggregateLifecycle::apply);
    }

    /** Refusals are events too (counted, locked out): answered, never thrown, so they are stored. */
    @CommandHandler
    public SignInOutcome handle(SignIn command, PasswordEncoder passwords, SecretCipher cipher, SignInPolicy policy) {
        // always hash, also for disabled, locked or deleted accounts: every refusal takes as long
        boolean matches = command.password() != null && state.passwordHash() != null
                && passwords.matches(command.password(), state.passwordHash());
        long step = -1;
        if (matches && state.mfaEnabled() && command.totpCode() != null && !command.totpCode().isBlank()) {
            step = AccountTotp.matchingStep(cipher.decrypt(accountId, state.mfaSecret()), state.mfaAlgorithm(),
                    command.totpCode().strip(), command.at());
        }
        AccountDecider.Decision decision = AccountDecider.decide(command, state, matches, step, policy);
        decision.events().forEach(AggregateLifecycle::apply);
        return decision.outcome();
    }

    @CommandHandler
    public void handle(EndSession command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(EndAllSessions command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    /** The clear secret goes back once, to be shown as QR code and setup data; the event holds it encrypted. */
    @CommandHandler
    public MfaSetup handle(StartMfaEnrollment command, AccountTotp totp, SecretCipher cipher) {
        MfaSetup setup = totp.newSecret(state.userName() == null ? accountId : state.userName());
        AccountDecider.decideStartMfa(command.accountId(), state, cipher.encrypt(command.accountId(), setup.secretBase32()),
                setup.algorithm(), command.actor(), command.at()).forEach(AggregateLifecycle::apply);
        return setup;
    }

    @CommandHandler
    public void handle(ConfirmMfa command, SecretCipher cipher) {
        long step = state.pendingMfaSecret() == null ? -1 : AccountTotp.matchingStep(
                cipher.decrypt(accountId, state.pendingMfaSecret()), state.mfaAlgorithm(),
                command.code() == null ? null : command.code().strip(), command.at());
        AccountDecider.decide(command, state, step).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(DisableMfa command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(UnlockAccount command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(SetAccountDisabled command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(DeleteAccount command, SecretCipher cipher) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
        // the TOTP secret of a deleted account is unreadable for good
        cipher.shred(command.accountId());
    }

    @CommandHandler
    public void handle(MarkNotificationsRead command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(ClearNotifications command) {
        AccountDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @EventSourcingHandler
    void on(AccountEvent event) {
        state = AccountDecider.evolve(state, event);
        accountId = state.accountId();
    }
}
