package org.deskfleet.command.job;

import org.deskfleet.kernel.job.JobEvent;

import java.time.Instant;
import java.util.List;

/**
 * What one of the Job's decisions yields: the events to record, and the persistent deadlines they need (the
 * planned start, the timeout, the end of the lifetime). The aggregate applies the events and schedules the
 * deadlines as they are, without looking into the events. A deadline that fires when it no longer applies
 * (a timeout after completion) decides nothing, so none has to be cancelled.
 */
public record JobDecision(List<JobEvent> events, List<Deadline> deadlines) {

    public static final JobDecision NONE = new JobDecision(List.of(), List.of());

    public JobDecision {
        events = List.copyOf(events);
        deadlines = List.copyOf(deadlines);
    }

    static JobDecision of(List<JobEvent> events) {
        return new JobDecision(events, List.of());
    }

    static JobDecision of(JobEvent event) {
        return new JobDecision(List.of(event), List.of());
    }

    /** A deadline by name ({@link Job#START}, {@link Job#TIMEOUT}, {@link Job#EXPIRY}), due at {@code at}. */
    public record Deadline(String name, Instant at) {
    }
}
