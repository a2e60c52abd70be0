package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/** The job was deleted, by an operator or at the end of its lifetime. */
@Revision("1")
public record JobDeleted(String jobId, String actor, Instant at) implements JobEvent {
}
