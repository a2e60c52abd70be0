package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.configuration.ParameterValue;

import java.time.Instant;
import java.util.List;

/**
 * Set or unset (value null) user-scope parameters of a mobile user, validated by the catalog as a whole.
 * {@code deviceId}: the phone a local change came from (source PHONE), else null.
 */
public record ChangeMobileUserConfiguration(@TargetAggregateIdentifier String e164, List<ParameterValue> changes,
                                            ChangeSource source, String actor, String reason, String correlationId,
                                            String deviceId, Instant at) {

    public ChangeMobileUserConfiguration {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
