package org.deskfleet.query.configuration;

import org.deskfleet.kernel.ItemKeys;

import org.deskfleet.kernel.configuration.EffectiveValue.Layer;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.query.group.GroupDocument;
import org.deskfleet.query.template.TemplateDocument;
import org.deskfleet.query.template.TemplateQueries;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The template and group layers of a client's configuration, and group membership. Precedence, lowest
 * first: catalog default &lt; TEMPLATE (default templates that serve the phone, from the highest ranking
 * number down, so ranking 1 wins; a template a group uses applies through its groups only) &lt; GROUP (templates of the groups the phone matches) &lt; CLIENT (its own
 * values) &lt; MOBILE_USER. Within a group its templates apply in the order listed, the last one winning.
 * Between groups: when two groups give a parameter different values, the group whose name sorts first
 * wins and the other values are kept as a conflict shown on the client.
 */
@Component
public class FleetLayers {

    /** The item in which a phone reports the provisioning server it contacts (a group's server-address filter). */
    public static final String SERVER_ITEM = "dls-addr";

    private final MongoTemplate mongo;
    private final TemplateQueries templates;

    public FleetLayers(MongoTemplate mongo, TemplateQueries templates) {
        this.mongo = mongo;
        this.templates = templates;
    }

    /** What group filters and template applicability look at. */
    public record Facts(String deviceId, String e164, String ipAddress, String deviceType, String softwareType,
                        String serverAddress) {

        public static Facts of(ClientDocument c) {
            String server = c.items == null ? null : c.items.stream().filter(i -> SERVER_ITEM.equals(i.name) && i.value != null)
                    .map(i -> i.value).findFirst().orElse(null);
            return new Facts(c.deviceId, c.e164, c.ipAddress, c.deviceType, c.softwareType, server);
        }
    }

    /** Live templates and groups at one moment; {@code without} leaves one template or group out (removal preview). */
    public record Snapshot(List<TemplateDocument> templates, Map<String, TemplateDocument> byId, List<GroupDocument> groups,
                           java.util.Set<String> groupTemplates) {
    }

    /** One layer's value for a slot. {@code conflicts}: other groups' differing values ("group G (template T) = v"). */
    public record LayerValue(String parameter, Integer index, String value, boolean secret, Layer layer, String templateId,
                             String groupId, String origin, Instant changedAt, List<String> conflicts) {
    }

    public Snapshot snapshot(String without) {
        List<TemplateDocument> live = templates.live().stream().filter(t -> !t.templateId.equals(without)).toList();
        Map<String, TemplateDocument> byId = new LinkedHashMap<>();
        live.forEach(t -> byId.put(t.templateId, t));
        List<GroupDocument> groups = mongo.findAll(GroupDocument.class).stream()
                .filter(g -> !g.deleted && g.definition != null && !g.groupId.equals(without))
                .sorted(Comparator.comparing((GroupDocument g) -> g.definition.name()).thenComparing(g -> g.groupId))
                .toList();
        java.util.Set<String> used = new java.util.HashSet<>();
        groups.forEach(g -> used.addAll(g.definition.templateIds()));
        return new Snapshot(live, byId, groups, used);
    }

    /** The groups a client belongs to now, by name. */
    public List<GroupDocument> groupsOf(Facts f, Snapshot s) {
        return s.groups().stream().filter(g -> g.definition.filters().matches(f.e164(), f.ipAddress(), f.deviceType(),
                f.serverAddress())).toList();
    }

    /** TEMPLATE and GROUP layer values of a client, slot by slot (the higher layer already applied). */
    public Map<String, LayerValue> layers(Facts f, Snapshot s) {
        Map<String, LayerValue> values = new LinkedHashMap<>();
        List<TemplateDocument> applicable = s.templates().stream()
                .filter(t -> !s.groupTemplates().contains(t.templateId) && t.definition.appliesTo(f.deviceType(), f.softwareType()))
                .sorted(Comparator.comparingInt((TemplateDocument t) -> t.definition.ranking()).reversed()
                        .thenComparing(t -> t.definition.name()))
                .toList();
        for (TemplateDocument t : applicable) {
            for (TemplateDocument.Value v : t.configuration) {
                values.put(ItemKeys.key(v.parameter, v.index), new LayerValue(v.parameter, v.index, v.value, v.secret, Layer.TEMPLATE,
                        t.templateId, null, "template " + t.definition.name(), t.updatedAt, List.of()));
            }
        }
        // Groups by name; the first one to set a slot wins, later differing values are conflicts.
        Map<String, LayerValue> group = new LinkedHashMap<>();
        for (GroupDocument g : groupsOf(f, s)) {
            Map<String, LayerValue> own = new LinkedHashMap<>();
            for (String templateId : g.definition.templateIds()) {
                TemplateDocument t = s.byId().get(templateId);
                if (t == null || !t.definition.serves(f.deviceType(), f.softwareType())) {
                    continue;
                }
                for (TemplateDocument.Value v : t.configuration) {
                    own.put(ItemKeys.key(v.parameter, v.index), new LayerValue(v.parameter, v.index, v.value, v.secret, Layer.GROUP,
                            t.templateId, g.groupId, "group " + g.definition.name() + " (template " + t.definition.name() + ")",
                            t.updatedAt, List.of()));
                }
            }
            own.forEach((slot, v) -> {
                LayerValue first = group.get(slot);
                if (first == null) {
                    group.put(slot, v);
                } else if (!Objects.equals(first.value(), v.value()) || first.secret() != v.secret()) {
                    List<String> conflicts = new ArrayList<>(first.conflicts());
                    conflicts.add(v.origin() + " = " + (v.secret() ? "****" : v.value()));
                    group.put(slot, new LayerValue(first.parameter(), first.index(), first.value(), first.secret(), first.layer(),
                            first.templateId(), first.groupId(), first.origin(), first.changedAt(), List.copyOf(conflicts)));
                }
            });
        }
        values.putAll(group);
        return values;
    }

    /** Every client document, or those listed. */
    public List<ClientDocument> clients(List<String> deviceIds) {
        return deviceIds == null ? mongo.findAll(ClientDocument.class)
                : mongo.find(Query.query(Criteria.where("_id").in(deviceIds)), ClientDocument.class);
    }

    /** The device ids of a group's members now, in device-id order. */
    public List<String> members(String groupId) {
        Snapshot s = snapshot(null);
        GroupDocument g = s.groups().stream().filter(x -> x.groupId.equals(groupId)).findFirst().orElse(null);
        if (g == null) {
            return List.of();
        }
        Query q = new Query();
        q.fields().include("_id", "e164", "ipAddress", "deviceType", "softwareType", "items");
        return mongo.find(q, ClientDocument.class).stream().map(Facts::of)
                .filter(f -> g.definition.filters().matches(f.e164(), f.ipAddress(), f.deviceType(), f.serverAddress()))
                .map(Facts::deviceId).sorted().toList();
    }

}
