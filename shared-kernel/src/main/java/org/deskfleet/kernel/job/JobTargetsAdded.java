package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * More targets of a job just created, recorded with its {@link JobCreated} in the same decision: a job of many
 * targets lists them in parts of at most {@link #MAX_TARGETS}, so that no event nears a message size limit
 * (Axon Server's default is 4 MB; 50,000 targets in one event would be about 7 MB). Each part carries what a
 * consumer needs to act on its targets alone (the job's spec, initiator and reason), as {@link JobCreated} does.
 */
@Revision("1")
public record JobTargetsAdded(String jobId, JobSpec spec, List<JobTarget> targets, String initiator, String reason,
                              Instant at) implements JobEvent {

    /** Targets per event: some 150 KB of JSON. */
    public static final int MAX_TARGETS = 1_000;
}
