package org.deskfleet.kernel.account;

import java.time.Instant;

/**
 * What the Account answers a {@link SignIn}: a session was started (perhaps one that may only change the
 * password), a second factor is needed, or a refusal (the same for every reason, so callers learn nothing).
 */
public record SignInOutcome(Result result, boolean mustChangePassword, Instant lockedUntil) {

    public enum Result { SIGNED_IN, MFA_REQUIRED, REFUSED }

    public static SignInOutcome refused() {
        return new SignInOutcome(Result.REFUSED, false, null);
    }
}
