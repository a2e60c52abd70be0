package org.deskfleet.kernel.group;

import java.time.Instant;

public record GroupDeleted(String groupId, String actor, Instant at) implements GroupEvent {
}
