package org.deskfleet.kernel.template;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Change a template's general information. */
public record UpdateTemplate(@TargetAggregateIdentifier String templateId, TemplateDefinition definition, String actor, Instant at) {
}
