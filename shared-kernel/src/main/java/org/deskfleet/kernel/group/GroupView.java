package org.deskfleet.kernel.group;

import java.time.Instant;

/** A group as the read side shows it: its definition, how many clients match its filters now, and who. */
public record GroupView(String groupId, GroupDefinition definition, int memberCount, Instant createdAt, Instant updatedAt) {
}
