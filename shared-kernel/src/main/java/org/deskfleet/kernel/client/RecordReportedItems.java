package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.ReportedItem;

import java.time.Instant;
import java.util.List;

/**
 * A phone reported item values in a reply. {@code complete} is true for a {@code ReadAllItems} answer:
 * then items the phone no longer reports are recorded as removed.
 */
public record RecordReportedItems(@TargetAggregateIdentifier String deviceId, ContactReason reason,
                                  List<ReportedItem> items, boolean complete, Instant at) {

    public RecordReportedItems {
        items = List.copyOf(items);
    }
}
