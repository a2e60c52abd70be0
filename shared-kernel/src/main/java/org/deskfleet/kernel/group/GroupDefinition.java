package org.deskfleet.kernel.group;

import org.deskfleet.kernel.InvalidInput;

import java.util.List;

/**
 * A group (OSEM chapter 8): name, description, the templates its members get (the GROUP layer, applied in
 * the order listed, the last one winning), and the dynamic filters that decide who the members are.
 */
public record GroupDefinition(String name, String description, List<String> templateIds, GroupFilters filters) {

    public GroupDefinition {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInput("group name must be 1 to 100 characters");
        }
        name = name.strip();
        description = description == null || description.isBlank() ? null : description.strip();
        if (description != null && description.length() > 1000) {
            throw new InvalidInput("group description must be at most 1,000 characters");
        }
        templateIds = templateIds == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(templateIds));
        filters = filters == null ? new GroupFilters(null, null, null, null) : filters;
    }
}
