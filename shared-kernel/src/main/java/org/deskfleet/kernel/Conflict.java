package org.deskfleet.kernel;

/** The request is well formed but the current state refuses it (already exists, not registered, logged on elsewhere). */
public final class Conflict extends IllegalStateException implements Refusal {

    public Conflict(String message) {
        super(message);
    }

    public Conflict(String message, Throwable cause) {
        super(message, cause);
    }
}
