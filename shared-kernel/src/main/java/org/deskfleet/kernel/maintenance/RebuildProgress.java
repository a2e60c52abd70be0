package org.deskfleet.kernel.maintenance;

/**
 * Where a rebuild stands: positions of the event stream done out of the head when it began, the rate so far
 * and the time left at that rate ({@code running} false once caught up, or when none ran since start).
 */
public record RebuildProgress(String projection, boolean running, long done, long total, double eventsPerSecond,
                              Long etaSeconds, long millis) {
}
