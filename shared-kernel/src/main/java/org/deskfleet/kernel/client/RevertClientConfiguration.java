package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Make the client's desired configuration what it was at {@code to}; recorded as changes with source REVERT. */
public record RevertClientConfiguration(@TargetAggregateIdentifier String deviceId, Instant to, String actor,
                                        String reason, String correlationId, Instant at) {
}
