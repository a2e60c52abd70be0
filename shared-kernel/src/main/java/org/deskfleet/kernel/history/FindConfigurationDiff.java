package org.deskfleet.kernel.history;

import java.time.Instant;

/** Query: what differs in a client's configuration between two times. */
public record FindConfigurationDiff(String deviceId, Instant from, Instant to) {
}
