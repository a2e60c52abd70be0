package org.deskfleet.kernel.template;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.configuration.ParameterValue;

import java.time.Instant;
import java.util.List;

/** Set template-scope parameter values of a template; a null value removes the parameter from it. */
public record ChangeTemplateConfiguration(@TargetAggregateIdentifier String templateId, List<ParameterValue> changes,
                                          String actor, String reason, String correlationId, Instant at) {

    public ChangeTemplateConfiguration {
        changes = List.copyOf(changes);
    }
}
