package org.deskfleet.kernel.job;

import java.time.Instant;

/** The job became active: its targets are pending delivery from now on. */
public record JobStarted(String jobId, Instant at) implements JobEvent {
}
