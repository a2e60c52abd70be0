package org.deskfleet.kernel.history;

/** One value that differs between two times; null = not set then. Secrets show only that they differ. */
public record DiffEntry(HistoryEntry.Kind kind, String name, Integer index, String before, String after, boolean secret) {
}
