package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** OSEM 4.5.9: the client disappears from the list; its secrets are shredded; a phone calling again registers anew. */
public record DeleteClient(@TargetAggregateIdentifier String deviceId, String actor, Instant at) {
}
