package org.deskfleet.kernel.group;

import java.util.List;

/**
 * A client's groups (by name) and the conflicts between them: one line per parameter that two groups set
 * differently, naming the group that wins (its name sorts first) and the others.
 */
public record ClientGroups(List<GroupView> groups, List<String> conflicts) {
}
