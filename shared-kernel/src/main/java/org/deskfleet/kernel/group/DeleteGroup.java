package org.deskfleet.kernel.group;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a group; its members fall back to the layers below. */
public record DeleteGroup(@TargetAggregateIdentifier String groupId, String actor, Instant at) {
}
