package org.deskfleet.kernel.job;

import java.util.List;

/** What the WPI adapter saw of one job on one phone. */
public record TargetResult(Outcome outcome, String detail, List<ItemStatus> itemStatuses, List<ExchangeStep> exchange) {

    public enum Outcome {
        /** Every step accepted (and read back where needed). */
        ACCEPTED,
        /** Accepted, some items refused. */
        PARTIAL,
        /** The phone answered failed. */
        FAILED,
        /** Sent; the result shows at the phone's next start-up (restart, reset, software). */
        DELIVERED
    }

    public TargetResult {
        itemStatuses = itemStatuses == null ? List.of() : List.copyOf(itemStatuses);
        exchange = exchange == null ? List.of() : List.copyOf(exchange);
    }
}
