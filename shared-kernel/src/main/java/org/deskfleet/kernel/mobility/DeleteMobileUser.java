package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a mobile user (OSEM 5.x): refused while logged on; secrets shredded; registering again starts afresh. */
public record DeleteMobileUser(@TargetAggregateIdentifier String e164, String actor, String reason, Instant at) {
}
