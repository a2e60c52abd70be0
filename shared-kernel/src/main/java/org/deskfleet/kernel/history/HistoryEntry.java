package org.deskfleet.kernel.history;

import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/**
 * One change to one value of a client, as the audit trail shows it. {@code kind} says whether it is a
 * desired parameter (set by an administrator, template, revert...) or an item the phone reported. Secret
 * values are never shown: {@code secret} is true and both values are null.
 */
public record HistoryEntry(long sequence, Instant at, Kind kind, String name, Integer index, String oldValue,
                           String newValue, boolean secret, ChangeSource source, String actor, String reason,
                           String correlationId) {

    /** ADMISSION: the phone was quarantined or approved ({@code name} "quarantined", values "true" / "false"). */
    public enum Kind { PARAMETER, ITEM, ADMISSION }
}
