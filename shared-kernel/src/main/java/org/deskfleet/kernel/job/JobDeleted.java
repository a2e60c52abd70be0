package org.deskfleet.kernel.job;

import java.time.Instant;

/** The job was deleted, by an operator or at the end of its lifetime. */
public record JobDeleted(String jobId, String actor, Instant at) implements JobEvent {
}
