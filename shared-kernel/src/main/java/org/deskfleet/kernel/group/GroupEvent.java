package org.deskfleet.kernel.group;

import java.time.Instant;

/** Everything that can happen to a Group. */
public sealed interface GroupEvent permits GroupCreated, GroupUpdated, GroupDeleted {

    String groupId();

    Instant at();
}
