package org.deskfleet.query.configuration;

import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.query.mobility.MobileUserDocument;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.ItemKeys;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.ParameterType;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.EffectiveValue;
import org.deskfleet.kernel.configuration.EffectiveValue.Layer;
import org.deskfleet.kernel.configuration.FindEffectiveConfiguration;
import org.deskfleet.query.client.ClientDocument;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration that applies to a client, layer over layer: catalog default, then every applicable
 * template from the highest ranking number down (ranking 1 is applied last and wins), then the templates of
 * its groups ({@link FleetLayers}), then the client's own values, then the values of a mobile user logged on at
 * the phone. Each value says which layer set it, which WPI items carry it, what the phone reports for it
 * and whether that drifts from the desired value ({@link Drifts}).
 */
@Component
public class EffectiveConfigurationQueries {

    private final MongoTemplate mongo;
    private final FleetLayers layers;
    private final ParameterCatalog catalog;

    public EffectiveConfigurationQueries(MongoTemplate mongo, FleetLayers layers, ParameterCatalog catalog) {
        this.catalog = catalog;
        this.mongo = mongo;
        this.layers = layers;
    }

    @QueryHandler
    public List<EffectiveValue> handle(FindEffectiveConfiguration q) {
        return effective(q, true);
    }

    @QueryHandler
    public List<EffectiveValue> handle(org.deskfleet.kernel.configuration.FindOwnConfiguration q) {
        return effective(new FindEffectiveConfiguration(q.deviceId(), null, false), false);
    }

    /** @param withUser whether the values of a mobile user logged on at the phone apply on top (MOBILE_USER) */
    private List<EffectiveValue> effective(FindEffectiveConfiguration q, boolean withUser) {
        ClientDocument client = mongo.findById(q.deviceId(), ClientDocument.class);
        if (client == null) {
            return List.of();
        }
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.scope() == Scope.CLIENT && (q.sectionPrefix() == null || e.key().startsWith(q.sectionPrefix()))) {
                entries.put(e.key(), e);
            }
        }
        return effective(client, entries, layers.snapshot(null), withUser ? loggedOnUser(q.deviceId()) : null,
                q.onlySet(), q.onlyDrifted());
    }

    /**
     * One client-scope parameter across many clients (the drift report): the templates, groups and logged-on mobile
     * users are read once, then {@link ClientValues#of} gives each client's values of the parameter (one per slot set,
     * or the default) with their drift, exactly as {@code configuration} shows them for that client.
     */
    public ClientValues forParameter(CatalogEntry entry) {
        FleetLayers.Snapshot snapshot = layers.snapshot(null);
        Map<String, MobileUserDocument> users = new HashMap<>();
        org.springframework.data.mongodb.core.query.Query query = new org.springframework.data.mongodb.core.query.Query(
                org.springframework.data.mongodb.core.query.Criteria.where("loggedOnAt").ne(null).and("deleted").is(false));
        query.fields().exclude("history").exclude("profileData");
        mongo.find(query, MobileUserDocument.class).forEach(u -> users.put(u.loggedOnAt, u));
        Map<String, CatalogEntry> entries = Map.of(entry.key(), entry);
        return client -> effective(client, entries, snapshot, users.get(client.deviceId), false, false);
    }

    /** A client's values of one parameter. */
    @FunctionalInterface
    public interface ClientValues {
        List<EffectiveValue> of(ClientDocument client);
    }

    private List<EffectiveValue> effective(ClientDocument client, Map<String, CatalogEntry> entries,
                                           FleetLayers.Snapshot snapshot, MobileUserDocument user, boolean onlySet,
                                           boolean onlyDrifted) {
        Map<String, Layered> values = new LinkedHashMap<>();
        for (CatalogEntry e : entries.values()) {
            String def = e.defaultValue() == null || e.defaultValue().isBlank() ? null : e.defaultValue();
            values.put(e.key(), new Layered(e, null, def, e.type() == ParameterType.PASSWORD, Layer.DEFAULT, "catalog",
                    null, null, null));
        }
        // Templates, then groups (FleetLayers says the order and the rule between groups).
        for (FleetLayers.LayerValue v : layers.layers(FleetLayers.Facts.of(client), snapshot).values()) {
            CatalogEntry e = entries.get(v.parameter());
            if (e != null) {
                values.put(ItemKeys.key(v.parameter(), v.index()), new Layered(e, v.index(), v.value(), v.secret(), v.layer(),
                        v.origin(), null, v.changedAt(), null));
            }
        }
        for (ClientDocument.Desired d : client.desired) {
            CatalogEntry e = entries.get(d.parameter);
            if (e != null) {
                values.put(ItemKeys.key(d.parameter, d.index), new Layered(e, d.index, d.value, d.secret, Layer.CLIENT, d.source,
                        d.actor, d.changedAt, d.fingerprint));
            }
        }
        if (user != null) {
            for (MobileUserView.Value v : user.configuration) {
                CatalogEntry e = entries.get(v.parameter());
                if (e != null) {
                    values.put(ItemKeys.key(v.parameter(), v.index()), new Layered(e, v.index(), v.value(), v.secret(),
                            Layer.MOBILE_USER, "mobile user " + user.e164, v.actor(), v.changedAt(), null));
                }
            }
        }
        Map<String, ClientDocument.Item> reported = new HashMap<>();
        client.items.forEach(i -> reported.put(ItemKeys.key(i.name, i.index), i));
        return values.values().stream()
                .filter(v -> !onlySet || v.layer() != Layer.DEFAULT)
                .map(v -> v.resolve(reported))
                .filter(v -> !onlyDrifted || v.drifted())
                .toList();
    }

    /** One layer's value for a slot, before it is compared with what the phone reports. */
    private record Layered(CatalogEntry entry, Integer index, String value, boolean secret, Layer layer, String origin,
                           String actor, Instant changedAt, String fingerprint) {

        EffectiveValue resolve(Map<String, ClientDocument.Item> reported) {
            Drifts.Comparison c = Drifts.compare(entry, index,
                    new Drifts.Desired(layer != Layer.DEFAULT, secret ? null : value, secret, fingerprint), reported);
            return new EffectiveValue(entry.key(), index, entry.label(), secret ? null : value, secret, layer, origin, actor,
                    changedAt, entry.deliverable(), entry.wpiItems(), c.reportedValue(), c.drift());
        }
    }

    private MobileUserDocument loggedOnUser(String deviceId) {
        org.springframework.data.mongodb.core.query.Query query = new org.springframework.data.mongodb.core.query.Query(
                org.springframework.data.mongodb.core.query.Criteria.where("loggedOnAt").is(deviceId).and("deleted").is(false));
        query.fields().exclude("history").exclude("profileData");
        return mongo.findOne(query, MobileUserDocument.class);
    }

}
