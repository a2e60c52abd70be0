package org.deskfleet.wpi.codec;

/** A document that is not an acceptable WPI message; {@link #problem()} says which rule it broke. */
public final class WpiDecodeException extends Exception {

    public enum Problem {
        EMPTY, TOO_LARGE, INVALID_ENCODING, DTD_FORBIDDEN, MALFORMED, TOO_DEEP, TOO_MANY_ITEMS,
        WRONG_ROOT, WRONG_NAMESPACE, MISSING_NONCE, INVALID_NONCE, MISSING_REASON, INVALID_ITEM
    }

    private final Problem problem;

    public WpiDecodeException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public WpiDecodeException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
