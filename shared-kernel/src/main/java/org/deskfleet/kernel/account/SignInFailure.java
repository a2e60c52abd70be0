package org.deskfleet.kernel.account;

/** Why a sign-in was refused; recorded, never told to the caller (who gets one answer for all). */
public enum SignInFailure {
    WRONG_PASSWORD, WRONG_CODE, REPLAYED_CODE, LOCKED, DISABLED
}
