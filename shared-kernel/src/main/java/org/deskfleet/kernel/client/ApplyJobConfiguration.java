package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.configuration.ParameterValue;

import java.time.Instant;
import java.util.List;

/**
 * A configuration job's values become desired values of one target, as of the job's creation. Sent by the
 * job policy, possibly again (a crash before its position was stored, a lost or reset token): a slot changed
 * after the job was created keeps its newer value, and the same values again change nothing, so old work is
 * never re-applied over new.
 */
public record ApplyJobConfiguration(@TargetAggregateIdentifier String deviceId, List<ParameterValue> changes,
                                    String actor, String reason, String jobId, Instant jobCreatedAt) {

    public ApplyJobConfiguration {
        changes = List.copyOf(changes);
    }
}
