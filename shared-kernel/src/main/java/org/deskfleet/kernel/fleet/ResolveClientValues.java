package org.deskfleet.kernel.fleet;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask a client for its own desired values as they are now (secrets in clear, in memory only), to copy them to
 * another phone (OSEM 4.5.5) or into a new template (4.5.6). Records nothing. Answer: a list of
 * {@link org.deskfleet.kernel.configuration.ParameterValue}.
 */
public record ResolveClientValues(@TargetAggregateIdentifier String deviceId) {
}
