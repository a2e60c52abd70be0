package org.deskfleet.kernel.job;

import java.time.Instant;

/** A pending target's phone was asked to call in (once per contact attempt: repeats record nothing). */
public record JobTargetContacted(String jobId, String deviceId, ContactChannel channel, Instant at) implements JobEvent {
}
