package org.deskfleet.kernel.group;

/** Query: live groups by name, with their member count now; {@code groupId} narrows to one. Answer: {@link GroupView}s. */
public record FindGroups(String groupId) {
}
