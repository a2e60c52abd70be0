package org.deskfleet.kernel.job;

import org.axonframework.serialization.Revision;
import java.time.Instant;
import java.util.List;

/** A target reached its end state, with the reason and what the phone answered. */
@Revision("1")
public record JobTargetCompleted(String jobId, String deviceId, JobStatus state, String detail,
                                 List<ItemStatus> itemStatuses, List<ExchangeStep> exchange, Instant at)
        implements JobEvent {

    public JobTargetCompleted {
        itemStatuses = itemStatuses == null ? List.of() : List.copyOf(itemStatuses);
        exchange = exchange == null ? List.of() : List.copyOf(exchange);
    }
}
