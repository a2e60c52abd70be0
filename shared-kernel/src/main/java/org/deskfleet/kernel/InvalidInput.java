package org.deskfleet.kernel;

/** What the caller sent is wrong: a malformed, unknown or out-of-range value. The message says what and why. */
public final class InvalidInput extends IllegalArgumentException implements Refusal {

    public InvalidInput(String message) {
        super(message);
    }

    public InvalidInput(String message, Throwable cause) {
        super(message, cause);
    }
}
