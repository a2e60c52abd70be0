package org.deskfleet.query.configuration;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.ParameterType;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.EffectiveValue;
import org.deskfleet.kernel.configuration.EffectiveValue.Layer;
import org.deskfleet.kernel.configuration.FindEffectiveConfiguration;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.query.template.TemplateDocument;
import org.deskfleet.query.template.TemplateQueries;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration that applies to a client, layer over layer: catalog default, then every applicable
 * template from the highest ranking number down (ranking 1 is applied last and wins), then the client's
 * own values. Each value says which layer set it.
 */
@Component
public class EffectiveConfigurationQueries {

    private final MongoTemplate mongo;
    private final TemplateQueries templates;
    private final ParameterCatalog catalog = ParameterCatalog.bundled();

    public EffectiveConfigurationQueries(MongoTemplate mongo, TemplateQueries templates) {
        this.mongo = mongo;
        this.templates = templates;
    }

    @QueryHandler
    public List<EffectiveValue> handle(FindEffectiveConfiguration q) {
        ClientDocument client = mongo.findById(q.deviceId(), ClientDocument.class);
        if (client == null) {
            return List.of();
        }
        Map<String, EffectiveValue> values = new LinkedHashMap<>();
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.scope() == Scope.CLIENT && (q.sectionPrefix() == null || e.key().startsWith(q.sectionPrefix()))) {
                entries.put(e.key(), e);
                String def = e.defaultValue() == null || e.defaultValue().isBlank() ? null : e.defaultValue();
                values.put(e.key(), new EffectiveValue(e.key(), null, e.label(), def, e.type() == ParameterType.PASSWORD,
                        Layer.DEFAULT, "catalog", null, null));
            }
        }
        List<TemplateDocument> applicable = templates.live().stream()
                .filter(t -> t.definition.appliesTo(client.deviceType, client.softwareType))
                .sorted(Comparator.comparingInt((TemplateDocument t) -> t.definition.ranking()).reversed()
                        .thenComparing(t -> t.definition.name()))
                .toList();
        for (TemplateDocument t : applicable) {
            for (TemplateDocument.Value v : t.configuration) {
                CatalogEntry e = entries.get(v.parameter);
                if (e != null) {
                    values.put(slot(v.parameter, v.index), new EffectiveValue(v.parameter, v.index, e.label(), v.value,
                            v.secret, Layer.TEMPLATE, "template " + t.definition.name(), null, t.updatedAt));
                }
            }
        }
        for (ClientDocument.Desired d : client.desired) {
            CatalogEntry e = entries.get(d.parameter);
            if (e != null) {
                values.put(slot(d.parameter, d.index), new EffectiveValue(d.parameter, d.index, e.label(), d.value,
                        d.secret, Layer.CLIENT, d.source, d.actor, d.changedAt));
            }
        }
        return values.values().stream()
                .filter(v -> !q.onlySet() || v.layer() != Layer.DEFAULT)
                .toList();
    }

    private static String slot(String parameter, Integer index) {
        return index == null ? parameter : parameter + "#" + index;
    }
}
