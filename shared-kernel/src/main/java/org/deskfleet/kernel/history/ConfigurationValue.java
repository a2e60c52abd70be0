package org.deskfleet.kernel.history;

import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/** A value as it stood at some time, and which change set it. */
public record ConfigurationValue(HistoryEntry.Kind kind, String name, Integer index, String value, boolean secret,
                                 ChangeSource source, Instant changedAt) {
}
