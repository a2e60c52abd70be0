package org.deskfleet.kernel.report;

import java.time.Instant;
import java.util.List;

/** A page of the fleet as it was at {@code time}; {@code eventsRead}: the client events folded for it. */
public record FleetAt(Instant time, long totalCount, List<ClientAt> nodes, String endCursor, boolean hasNextPage,
                      long eventsRead) {

    public FleetAt {
        nodes = List.copyOf(nodes);
    }

    public record ClientAt(String deviceId, String deviceType, String softwareType, String softwareVersion, String e164,
                           Instant registeredAt) {
    }
}
