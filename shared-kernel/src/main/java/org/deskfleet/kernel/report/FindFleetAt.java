package org.deskfleet.kernel.report;

import java.time.Instant;

/**
 * Query: the fleet as it was at {@code time}, folded from the clients' events in the event store (not from the read
 * model): a page of clients ordered by device id, after the device id {@code after} (exclusive; null: from the start).
 */
public record FindFleetAt(Instant time, int first, String after) {
}
