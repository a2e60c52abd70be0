package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The phone was seen reaching the service this way (e.g. it polls DCMP); recorded only when it changes. */
public record RecordClientAccessMode(@TargetAggregateIdentifier String deviceId, AccessMode mode, Instant at) {
}
