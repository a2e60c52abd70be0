package org.deskfleet.kernel.job;

import java.time.Instant;

/** Every target ended; the job's own end state follows from theirs. */
public record JobCompleted(String jobId, JobStatus state, int succeeded, int partial, int failed, int timedOut,
                           Instant at) implements JobEvent {
}
