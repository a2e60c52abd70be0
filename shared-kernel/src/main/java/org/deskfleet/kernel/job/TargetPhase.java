package org.deskfleet.kernel.job;

/**
 * Where one target (one job on one phone) stands in its delivery, as the Job's events say: PLANNED until the
 * job starts, then PENDING; CONTACTING once the phone was asked to call in; IN_INTERACTION once an interaction
 * took the job; back to PENDING when deferred; AWAITING_START_UP when the phone took a job whose plan ends at
 * its next start-up; DONE, FAILED or TIMED_OUT at the end. An ended target never moves again (the diagram is
 * in the architecture document, "One target's delivery").
 */
public enum TargetPhase {
    /** The job waits for its planned start. */
    PLANNED,
    /** Waiting to be delivered: the phone has not been asked to call in since the start or its last deferral. */
    PENDING,
    /** Asked to call in: a contact-me the phone acknowledged, or 202 answered to its DCMP poll. */
    CONTACTING,
    /** An interaction took the job to the phone. */
    IN_INTERACTION,
    /** The phone took a job that ends at its next start-up (restart, reset, firmware). */
    AWAITING_START_UP,
    /** Ended: success or partial success. */
    DONE,
    /** Ended: failed. */
    FAILED,
    /** Ended: the job's timeout came first. */
    TIMED_OUT;

    public boolean ended() {
        return this == DONE || this == FAILED || this == TIMED_OUT;
    }

    /** The phase of a target ended in {@code state}. */
    public static TargetPhase endedAs(JobStatus state) {
        return switch (state) {
            case SUCCESS, PARTIAL_SUCCESSFUL -> DONE;
            case TIMEOUT -> TIMED_OUT;
            case FAILED -> FAILED;
            case CREATED -> PLANNED;
            case ACTIVE -> PENDING;
        };
    }
}
