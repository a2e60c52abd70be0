package org.deskfleet.kernel.template;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Create a template. */
public record CreateTemplate(@TargetAggregateIdentifier String templateId, TemplateDefinition definition, String actor, Instant at) {
}
