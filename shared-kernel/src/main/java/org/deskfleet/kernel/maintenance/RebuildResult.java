package org.deskfleet.kernel.maintenance;

/** A finished rebuild of a read model: how many events it replayed, in how long. */
public record RebuildResult(String projection, long events, long millis) {
}
