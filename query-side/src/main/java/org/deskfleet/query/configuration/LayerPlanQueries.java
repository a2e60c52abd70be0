package org.deskfleet.query.configuration;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.ItemKeys;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.EffectiveValue.Drift;
import org.deskfleet.kernel.fleet.FindLayerPlan;
import org.deskfleet.kernel.fleet.LayerPlan;
import org.deskfleet.query.client.ClientDocument;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Previews what bringing clients to their template and group layers would change ({@link FindLayerPlan}):
 * per client the deliverable layer values the phone does not report as they are (values the client's own
 * layer overrides are left out: they are not the template's to deliver), or, for a removal, every value
 * that would change.
 */
@Component
public class LayerPlanQueries {

    private final FleetLayers layers;
    private final Map<String, CatalogEntry> entries = new HashMap<>();

    public LayerPlanQueries(FleetLayers layers, ParameterCatalog catalog) {
        this.layers = layers;
        for (CatalogEntry e : catalog.entries()) {
            if (e.scope() == Scope.CLIENT) {
                entries.put(e.key(), e);
            }
        }
    }

    @QueryHandler
    public LayerPlan handle(FindLayerPlan q) {
        FleetLayers.Snapshot now = layers.snapshot(null);
        List<LayerPlan.ClientPlan> plans = new ArrayList<>();
        if (!q.subjects().isEmpty()) {
            Map<String, ClientDocument> known = new HashMap<>();
            layers.clients(q.subjects().stream().map(FindLayerPlan.Subject::deviceId).toList()).forEach(c -> known.put(c.deviceId, c));
            for (FindLayerPlan.Subject s : q.subjects()) {
                ClientDocument doc = known.get(s.deviceId());
                var id = s.identity();
                String server = doc == null ? null : FleetLayers.Facts.of(doc).serverAddress();
                FleetLayers.Facts facts = new FleetLayers.Facts(s.deviceId(), id.e164(), id.ipAddress(), id.deviceType(),
                        id.softwareType(), server);
                ClientDocument basis = s.fresh() || doc == null ? new ClientDocument() : doc;
                plan(facts, basis, now, null, null, id.softwareVersion()).ifPresent(plans::add);
            }
            return new LayerPlan(plans);
        }
        List<String> ids = q.groupId() != null ? layers.members(q.groupId()) : q.deviceIds().isEmpty() ? null : q.deviceIds();
        FleetLayers.Snapshot without = q.without() == null ? null : layers.snapshot(q.without());
        for (ClientDocument c : layers.clients(ids)) {
            FleetLayers.Facts facts = FleetLayers.Facts.of(c);
            var p = without != null ? removal(facts, c, now, without) : plan(facts, c, now, q.templateId(), q.groupId(), c.softwareVersion);
            p.ifPresent(plans::add);
        }
        plans.sort(java.util.Comparator.comparing(LayerPlan.ClientPlan::deviceId));
        return new LayerPlan(plans);
    }

    private java.util.Optional<LayerPlan.ClientPlan> plan(FleetLayers.Facts f, ClientDocument c, FleetLayers.Snapshot s,
                                                         String templateId, String groupId, String softwareVersion) {
        Set<String> own = new HashSet<>();
        c.desired.forEach(d -> own.add(ItemKeys.key(d.parameter, d.index)));
        Map<String, ClientDocument.Item> reported = reported(c);
        List<LayerPlan.PlannedValue> values = new ArrayList<>();
        for (var e : layers.layers(f, s).entrySet()) {
            FleetLayers.LayerValue v = e.getValue();
            CatalogEntry entry = entries.get(v.parameter());
            if (entry == null || !entry.deliverable() || own.contains(e.getKey())
                    || (templateId != null && !templateId.equals(v.templateId()))
                    || (groupId != null && !groupId.equals(v.groupId()))) {
                continue;
            }
            Drifts.Comparison cmp = Drifts.compare(entry, v.index(), new Drifts.Desired(true, v.secret() ? null : v.value(),
                    v.secret(), null), reported);
            if (cmp.drift() == Drift.IN_SYNC) {
                continue;
            }
            values.add(new LayerPlan.PlannedValue(v.parameter(), v.index(), v.layer().name(), v.templateId(), v.origin(),
                    v.secret() ? null : v.value(), cmp.reportedValue(), v.secret(), true));
        }
        return values.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new LayerPlan.ClientPlan(f.deviceId(), f.e164(), f.deviceType(), f.softwareType(),
                softwareVersion, values));
    }

    /** Every slot whose applying value differs with and without the removed template or group. */
    private java.util.Optional<LayerPlan.ClientPlan> removal(FleetLayers.Facts f, ClientDocument c, FleetLayers.Snapshot now,
                                                            FleetLayers.Snapshot without) {
        Set<String> own = new HashSet<>();
        c.desired.forEach(d -> own.add(ItemKeys.key(d.parameter, d.index)));
        Map<String, FleetLayers.LayerValue> before = layers.layers(f, now);
        Map<String, FleetLayers.LayerValue> after = layers.layers(f, without);
        Map<String, FleetLayers.LayerValue> slots = new LinkedHashMap<>(before);
        List<LayerPlan.PlannedValue> values = new ArrayList<>();
        for (var e : slots.entrySet()) {
            FleetLayers.LayerValue b = e.getValue();
            FleetLayers.LayerValue a = after.get(e.getKey());
            CatalogEntry entry = entries.get(b.parameter());
            if (entry == null || own.contains(e.getKey())
                    || (a != null && Objects.equals(a.value(), b.value()) && a.secret() == b.secret() && Objects.equals(a.origin(), b.origin()))) {
                continue;
            }
            String fallback = a != null ? (a.secret() ? null : a.value())
                    : entry.defaultValue() == null || entry.defaultValue().isBlank() ? null : entry.defaultValue();
            values.add(new LayerPlan.PlannedValue(b.parameter(), b.index(), a == null ? "DEFAULT" : a.layer().name(),
                    a == null ? null : a.templateId(), a == null ? "catalog" : a.origin(), fallback,
                    b.secret() ? null : b.value(), b.secret(), entry.deliverable()));
        }
        return values.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new LayerPlan.ClientPlan(f.deviceId(), f.e164(), f.deviceType(), f.softwareType(),
                c.softwareVersion, values));
    }

    private static Map<String, ClientDocument.Item> reported(ClientDocument c) {
        Map<String, ClientDocument.Item> reported = new HashMap<>();
        if (c.items != null) {
            c.items.forEach(i -> reported.put(ItemKeys.key(i.name, i.index), i));
        }
        return reported;
    }
}
