package org.deskfleet.kernel.group;

import java.time.Instant;

public record GroupCreated(String groupId, GroupDefinition definition, String actor, Instant at) implements GroupEvent {
}
