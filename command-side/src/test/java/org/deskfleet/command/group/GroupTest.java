package org.deskfleet.command.group;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.kernel.group.CreateGroup;
import org.deskfleet.kernel.group.DeleteGroup;
import org.deskfleet.kernel.group.GroupCreated;
import org.deskfleet.kernel.group.GroupDefinition;
import org.deskfleet.kernel.group.GroupDeleted;
import org.deskfleet.kernel.group.GroupFilters;
import org.deskfleet.kernel.group.GroupUpdated;
import org.deskfleet.kernel.group.UpdateGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Group slice through Axon's aggregate fixture, and its pure decisions. */
class GroupTest {

    private static final Instant T = Instant.parse("2026-02-01T09:00:00Z");
    private static final GroupDefinition LAB = new GroupDefinition("Lab", "third floor", List.of("t1"),
            new GroupFilters(null, "10.3.0.0/16", null, null));

    private AggregateTestFixture<Group> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Group.class);
    }

    @Test
    void aGroupIsCreatedChangedAndDeleted() {
        fixture.givenNoPriorActivity().when(new CreateGroup("g1", LAB, "alice", T))
                .expectEvents(new GroupCreated("g1", LAB, "alice", T));
        GroupDefinition wider = new GroupDefinition("Lab", null, List.of("t1", "t2"), new GroupFilters(null, "10.0.0.0/8", null, null));
        fixture.given(new GroupCreated("g1", LAB, "alice", T)).when(new UpdateGroup("g1", wider, "bob", T))
                .expectEvents(new GroupUpdated("g1", LAB, wider, "bob", T));
        fixture.given(new GroupCreated("g1", LAB, "alice", T)).when(new UpdateGroup("g1", LAB, "bob", T)).expectNoEvents();
        fixture.given(new GroupCreated("g1", LAB, "alice", T)).when(new DeleteGroup("g1", "bob", T))
                .expectEvents(new GroupDeleted("g1", "bob", T));
        fixture.given(new GroupCreated("g1", LAB, "alice", T), new GroupDeleted("g1", "bob", T))
                .when(new UpdateGroup("g1", LAB, "bob", T)).expectException(IllegalArgumentException.class);
    }

    @Test
    void aGroupWithoutFiltersIsRefused() {
        GroupDefinition none = new GroupDefinition("Nobody", null, List.of(), null);
        fixture.givenNoPriorActivity().when(new CreateGroup("g2", none, "alice", T))
                .expectException(IllegalArgumentException.class).expectNoEvents();
    }

    @Test
    void evolveFollowsTheEvents() {
        GroupDecider.State s = GroupDecider.evolve(GroupDecider.State.INITIAL, new GroupCreated("g1", LAB, "a", T));
        assertThat(s.exists()).isTrue();
        assertThat(GroupDecider.evolve(s, new GroupDeleted("g1", "a", T)).exists()).isFalse();
    }
}
