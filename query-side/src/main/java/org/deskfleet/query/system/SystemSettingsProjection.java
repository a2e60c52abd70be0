package org.deskfleet.query.system;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.ParameterType;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.system.FindSystemSettings;
import org.deskfleet.kernel.system.SystemSettingsChanged;
import org.deskfleet.kernel.system.SystemSettingsView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** System settings in the read model: current values (secrets masked) and their audit trail. */
@Component
@ProcessingGroup(SystemSettingsProjection.NAME)
public class SystemSettingsProjection {

    public static final String NAME = "system-settings-projection";

    @Document("#{@readModels.name('system_settings')}")
    public static class SettingsDocument extends org.deskfleet.query.SequencedDocument {
        @Id
        public String id;
        public Map<String, Value> values = new TreeMap<>();
        public List<HistoryEntry> history = new ArrayList<>();
    }

    public static class Value {
        public String value;
        public boolean secret;
        public Instant changedAt;
        public String actor;
    }

    private final MongoTemplate mongo;
    private final ParameterCatalog catalog;
    private final org.deskfleet.query.SequencedDocuments<SettingsDocument> documents;

    public SystemSettingsProjection(MongoTemplate mongo, ParameterCatalog catalog) {
        this.catalog = catalog;
        this.mongo = mongo;
        this.documents = new org.deskfleet.query.SequencedDocuments<>(mongo, SettingsDocument.class, id -> {
            SettingsDocument d = new SettingsDocument();
            d.id = id;
            return d;
        });
    }

    @EventHandler
    void on(SystemSettingsChanged e, @SequenceNumber long seq) {
        documents.update(e.settingsId(), seq, e.at(), d -> {
            for (ParameterChange c : e.changes()) {
                // Mongo keys may not contain dots: the slot is stored with ':' instead.
                String key = c.slot().replace('.', ':');
                if (c.newValue() == null) {
                    d.values.remove(key);
                } else {
                    Value v = new Value();
                    v.value = c.secret() ? null : c.newValue();
                    v.secret = c.secret();
                    v.changedAt = e.at();
                    v.actor = e.actor();
                    d.values.put(key, v);
                }
                d.history.add(new HistoryEntry(seq, e.at(), HistoryEntry.Kind.PARAMETER, c.parameter(), c.index(),
                        c.secret() ? null : c.oldValue(), c.secret() ? null : c.newValue(), c.secret(), ChangeSource.ADMIN,
                        e.actor(), e.reason(), null));
            }
        });
    }

    @ResetHandler
    void reset() {
        documents.reset();
    }

    public long handled() {
        return documents.handled();
    }

    @QueryHandler
    public SystemSettingsView handle(FindSystemSettings q) {
        SettingsDocument d = mongo.findById("system", SettingsDocument.class);
        List<SystemSettingsView.Setting> settings = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.scope() != Scope.SYSTEM) {
                continue;
            }
            Value v = d == null ? null : d.values.get(e.key().replace('.', ':'));
            boolean secret = e.type() == ParameterType.PASSWORD;
            settings.add(v == null
                    ? new SystemSettingsView.Setting(e.key(), e.sectionPath(), e.label(), e.type().name(),
                    secret || e.defaultValue().isBlank() ? null : e.defaultValue(), secret, true, null, null)
                    : new SystemSettingsView.Setting(e.key(), e.sectionPath(), e.label(), e.type().name(), v.value, v.secret,
                    false, v.changedAt, v.actor));
        }
        List<HistoryEntry> history = d == null ? List.of()
                : d.history.stream().sorted(Comparator.comparingLong(HistoryEntry::sequence).reversed()).limit(200).toList();
        return new SystemSettingsView(settings, history);
    }
}
