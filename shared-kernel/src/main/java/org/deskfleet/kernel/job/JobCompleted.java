package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/** Every target ended; the job's own end state follows from theirs. */
@Revision("1")
public record JobCompleted(String jobId, JobStatus state, int succeeded, int partial, int failed, int timedOut,
                           Instant at) implements JobEvent {
}
