package org.deskfleet.wpi.server.work;

import org.deskfleet.wpi.codec.WpiItem;

import java.util.List;

/**
 * How a job ended on the phone. {@code rejectedItems} are the items the phone listed with an item status
 * in an accepted WriteItems reply; {@code reportedItems} what it answered to reads.
 */
public record JobOutcome(Status status, String detail, List<WpiItem> rejectedItems, List<WpiItem> reportedItems) {

    public enum Status {
        /** Every step accepted. */
        ACCEPTED,
        /** Accepted, but some items rejected. */
        PARTIAL,
        /** The phone answered failed. */
        FAILED,
        /** Sent; the outcome shows only later (restart, software deployment: the next start-up). */
        DELIVERED
    }

    public JobOutcome {
        rejectedItems = rejectedItems == null ? List.of() : List.copyOf(rejectedItems);
        reportedItems = reportedItems == null ? List.of() : List.copyOf(reportedItems);
    }
}
