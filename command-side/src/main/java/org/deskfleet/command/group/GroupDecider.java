package org.deskfleet.command.group;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.deskfleet.kernel.group.CreateGroup;
import org.deskfleet.kernel.group.DeleteGroup;
import org.deskfleet.kernel.group.GroupCreated;
import org.deskfleet.kernel.group.GroupDefinition;
import org.deskfleet.kernel.group.GroupDeleted;
import org.deskfleet.kernel.group.GroupEvent;
import org.deskfleet.kernel.group.GroupUpdated;
import org.deskfleet.kernel.group.UpdateGroup;

import java.util.List;

/** The Group's decisions as pure functions. Filters are validated by their own value type when built. */
public final class GroupDecider {

    private GroupDecider() {
    }

    /** What a group remembers to decide: whether it exists and its definition. */
    public record State(String groupId, GroupDefinition definition, boolean deleted) {

        public static final State INITIAL = new State(null, null, false);

        public boolean exists() {
            return groupId != null && !deleted;
        }
    }

    public static List<GroupEvent> decide(CreateGroup c, State s) {
        if (s.groupId() != null) {
            throw new Conflict("group " + c.groupId() + " already exists");
        }
        requireFilters(c.definition());
        return List.of(new GroupCreated(c.groupId(), c.definition(), c.actor(), c.at()));
    }

    public static List<GroupEvent> decide(UpdateGroup c, State s) {
        requireExists(s, c.groupId());
        requireFilters(c.definition());
        return c.definition().equals(s.definition()) ? List.of()
                : List.of(new GroupUpdated(c.groupId(), s.definition(), c.definition(), c.actor(), c.at()));
    }

    public static List<GroupEvent> decide(DeleteGroup c, State s) {
        requireExists(s, c.groupId());
        return List.of(new GroupDeleted(c.groupId(), c.actor(), c.at()));
    }

    public static State evolve(State s, GroupEvent e) {
        return switch (e) {
            case GroupCreated c -> new State(c.groupId(), c.definition(), false);
            case GroupUpdated u -> new State(s.groupId(), u.after(), false);
            case GroupDeleted d -> new State(s.groupId(), s.definition(), true);
        };
    }

    /** A group without any filter would have no members: say so rather than create a group that does nothing. */
    private static void requireFilters(GroupDefinition d) {
        if (d.filters().isEmpty()) {
            throw new InvalidInput("group \"" + d.name() + "\" needs at least one filter (E164 pattern, IP"
                    + " address or range, client type, server address)");
        }
    }

    private static void requireExists(State s, String id) {
        if (!s.exists()) {
            throw new InvalidInput("no group " + id);
        }
    }
}
