package org.deskfleet.kernel.job;

import java.time.Instant;

/**
 * A change of a job or of one of its targets, as the read model applied it: what live progress streams.
 * {@code deviceId} is null for a change of the job itself.
 */
public record JobUpdate(String jobId, String deviceId, JobStatus state, String detail, JobView.Counts counts,
                        long version, Instant at) {
}
