package org.deskfleet.kernel.account;

import java.time.Instant;

/** Everything that can happen to an Account: its own audit trail. */
public sealed interface AccountEvent permits AccountCreated, AccountUpdated, PasswordChanged, SignedIn, SignInFailed, AccountLocked, AccountUnlocked, SessionEnded, MfaEnrollmentStarted, MfaEnabled, MfaDisabled, AccountDisabled, AccountDeleted, NotificationsRead, NotificationsCleared {

    String accountId();

    Instant at();
}
