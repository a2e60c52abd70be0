package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/** The job became active: its targets are pending delivery from now on. */
@Revision("1")
public record JobStarted(String jobId, Instant at) implements JobEvent {
}
