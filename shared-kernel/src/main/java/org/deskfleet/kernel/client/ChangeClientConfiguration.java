package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.configuration.ParameterValue;

import java.time.Instant;
import java.util.List;

/**
 * Set desired parameter values of a client (OSEM "Configure" then "Submit"). A null value unsets the
 * client's own value. Validated against the catalog as a whole: one bad entry rejects the request.
 *
 * @param correlationId the job or request this change belongs to, for the audit trail
 */
public record ChangeClientConfiguration(@TargetAggregateIdentifier String deviceId, List<ParameterValue> changes,
                                        ChangeSource source, String actor, String reason, String correlationId,
                                        Instant at) {

    public ChangeClientConfiguration {
        changes = List.copyOf(changes);
    }
}
