package org.deskfleet.kernel.template;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a template; the phones it applied to fall back to the next layer. */
public record DeleteTemplate(@TargetAggregateIdentifier String templateId, String actor, Instant at) {
}
