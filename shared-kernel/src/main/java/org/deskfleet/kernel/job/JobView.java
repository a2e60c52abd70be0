package org.deskfleet.kernel.job;

import java.time.Instant;
import java.util.List;

/** A job as the read model holds it (OSEM job list and job details). */
public record JobView(String jobId, JobType type, String initiator, String reason, JobStatus state, Instant createdAt,
                      Instant plannedAt, Instant startedAt, Instant completedAt, String summary, Counts counts,
                      List<TargetView> targets, long version) {

    /** Targets per state. */
    public record Counts(int total, int pending, int succeeded, int partial, int failed, int timedOut) {
    }

    /** One target: the client as it was at creation, its state, its phase of delivery, and what the phone answered. */
    public record TargetView(String deviceId, String e164, String deviceType, String softwareType, JobStatus state,
                             TargetPhase phase, String detail, int attempts, boolean awaitingStartUp, List<ItemStatus> itemStatuses,
                             List<ExchangeStep> exchange, Instant updatedAt) {
    }
}
