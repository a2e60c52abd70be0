package org.deskfleet.kernel.fleet;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask a template for its definition and values as they are now, secrets in clear, to deliver them in a job
 * (which encrypts them again under its own key). Records nothing; answered by the aggregate itself, so a
 * delivery never works from a stale read model. Answer: {@link ResolvedTemplate}.
 */
public record ResolveTemplate(@TargetAggregateIdentifier String templateId) {
}
