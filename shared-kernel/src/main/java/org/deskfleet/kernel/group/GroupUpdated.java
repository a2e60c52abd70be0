package org.deskfleet.kernel.group;

import java.time.Instant;

/** Name, description, templates or filters changed; both versions kept for the audit trail. */
public record GroupUpdated(String groupId, GroupDefinition before, GroupDefinition after, String actor, Instant at)
        implements GroupEvent {
}
