package org.deskfleet.kernel.group;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Update a group. Its templates must exist (checked by the caller against the templates known now). */
public record UpdateGroup(@TargetAggregateIdentifier String groupId, GroupDefinition definition, String actor, Instant at) {
}
