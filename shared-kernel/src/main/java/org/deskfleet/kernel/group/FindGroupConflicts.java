package org.deskfleet.kernel.group;

/**
 * Query: what a group with this definition would conflict with now: clients that would match it and another
 * group whose templates give a parameter another value. Answer: one line per conflict (empty: none).
 *
 * @param groupId the group being created or changed (its current version is left out)
 */
public record FindGroupConflicts(String groupId, GroupDefinition definition) {
}
