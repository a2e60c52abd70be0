package org.deskfleet.kernel.job;

/**
 * OSEM's job states, for the whole job and for each target. A job is {@code PARTIAL_SUCCESSFUL} when some
 * targets succeeded and others did not; a target is when the phone took the job but refused some items.
 */
public enum JobStatus {
    CREATED, ACTIVE, PARTIAL_SUCCESSFUL, SUCCESS, TIMEOUT, FAILED;

    public boolean terminal() {
        return this != CREATED && this != ACTIVE;
    }
}
