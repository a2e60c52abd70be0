package org.deskfleet.delivery;

/** A job that cannot be said in WPI to this phone (no item for a parameter, a value phones cannot decode). */
public final class UndeliverableJobException extends RuntimeException {

    public UndeliverableJobException(String message) {
        super(message);
    }
}
