package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Make the user's own values what they were at {@code to}; recorded as changes with source REVERT. */
public record RevertMobileUserConfiguration(@TargetAggregateIdentifier String e164, Instant to, String actor,
                                            String reason, String correlationId, Instant at) {
}
