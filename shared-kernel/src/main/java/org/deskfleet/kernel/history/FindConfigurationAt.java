package org.deskfleet.kernel.history;

import java.time.Instant;

/** Query: every value of a client as it stood at a time (desired parameters and reported items). */
public record FindConfigurationAt(String deviceId, Instant at) {
}
