package org.deskfleet.kernel.system;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.configuration.ParameterValue;

import java.time.Instant;
import java.util.List;

/** Change system settings (manual chapter 13); validated against the catalog's system rows as a whole. */
public record ChangeSystemSettings(@TargetAggregateIdentifier String settingsId, List<ParameterValue> changes,
                                   String actor, String reason, Instant at) {

    /** There is one set of system settings. */
    public static final String ID = "system";

    public ChangeSystemSettings {
        changes = List.copyOf(changes);
    }
}
