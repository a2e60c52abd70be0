package org.deskfleet.query.group;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.group.FindGroupConflicts;
import org.deskfleet.kernel.group.FindGroups;
import org.deskfleet.kernel.group.GroupView;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.query.configuration.FleetLayers;
import org.deskfleet.query.template.TemplateDocument;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Groups with their member count now (members are whoever matches the filters), and conflicts between groups. */
@Component
public class GroupQueries {

    /** Conflicts listed at most (the first ones, by client): enough to say what to fix. */
    private static final int MAX_CONFLICTS = 20;

    private final FleetLayers layers;

    public GroupQueries(FleetLayers layers) {
        this.layers = layers;
    }

    @QueryHandler
    public List<GroupView> handle(FindGroups q) {
        List<GroupView> views = new ArrayList<>();
        for (GroupDocument g : layers.snapshot(null).groups()) {
            if (q.groupId() == null || q.groupId().equals(g.groupId)) {
                views.add(new GroupView(g.groupId, g.definition, layers.members(g.groupId).size(), g.createdAt, g.updatedAt));
            }
        }
        return views;
    }

    @QueryHandler
    public org.deskfleet.kernel.group.ClientGroups handle(org.deskfleet.kernel.group.FindClientGroups q) {
        ClientDocument c = layers.clients(List.of(q.deviceId())).stream().findFirst().orElse(null);
        if (c == null) {
            return new org.deskfleet.kernel.group.ClientGroups(List.of(), List.of());
        }
        FleetLayers.Snapshot s = layers.snapshot(null);
        FleetLayers.Facts f = FleetLayers.Facts.of(c);
        List<GroupView> groups = layers.groupsOf(f, s).stream()
                .map(g -> new GroupView(g.groupId, g.definition, -1, g.createdAt, g.updatedAt)).toList();
        List<String> conflicts = layers.layers(f, s).entrySet().stream().filter(e -> !e.getValue().conflicts().isEmpty())
                .map(e -> e.getKey() + ": " + e.getValue().origin() + " = " + (e.getValue().secret() ? "****" : e.getValue().value())
                        + " applies (its group name sorts first); not applied: " + String.join("; ", e.getValue().conflicts()))
                .toList();
        return new org.deskfleet.kernel.group.ClientGroups(groups, conflicts);
    }

    @QueryHandler
    public List<String> handle(FindGroupConflicts q) {
        FleetLayers.Snapshot s = layers.snapshot(q.groupId());
        Map<String, String> candidate = values(q.definition().templateIds(), s, null, null);
        List<String> conflicts = new ArrayList<>();
        if (candidate.isEmpty()) {
            return conflicts;
        }
        for (ClientDocument c : layers.clients(null)) {
            FleetLayers.Facts f = FleetLayers.Facts.of(c);
            if (!q.definition().filters().matches(f.e164(), f.ipAddress(), f.deviceType(), f.serverAddress())) {
                continue;
            }
            Map<String, String> mine = values(q.definition().templateIds(), s, f.deviceType(), f.softwareType());
            for (GroupDocument other : layers.groupsOf(f, s)) {
                Map<String, String> theirs = values(other.definition.templateIds(), s, f.deviceType(), f.softwareType());
                for (var e : mine.entrySet()) {
                    String their = theirs.get(e.getKey());
                    if (their != null && !Objects.equals(their, e.getValue())) {
                        conflicts.add("client " + c.deviceId + " would be in group \"" + q.definition().name() + "\" and group \""
                                + other.definition.name() + "\", which set " + e.getKey() + " differently");
                        if (conflicts.size() >= MAX_CONFLICTS) {
                            return conflicts;
                        }
                    }
                }
            }
        }
        return conflicts;
    }

    /** The values a list of templates gives (the last one winning); secrets compared by their presence. */
    private static Map<String, String> values(List<String> templateIds, FleetLayers.Snapshot s, String deviceType, String softwareType) {
        Map<String, String> values = new HashMap<>();
        for (String id : templateIds) {
            TemplateDocument t = s.byId().get(id);
            if (t == null || (deviceType != null && !t.definition.serves(deviceType, softwareType))) {
                continue;
            }
            t.configuration.forEach(v -> values.put(org.deskfleet.kernel.ItemKeys.key(v.parameter, v.index),
                    v.secret ? "secret@" + id : v.value));
        }
        return values;
    }
}
