package org.deskfleet.simulator;

/** A failure the simulator itself recognised, tagged with its {@link ErrorKind}. */
public final class SimulatorException extends RuntimeException {

    private final ErrorKind kind;

    public SimulatorException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SimulatorException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
