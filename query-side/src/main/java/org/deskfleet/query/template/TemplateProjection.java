package org.deskfleet.query.template;

import org.deskfleet.kernel.ItemKeys;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.template.TemplateConfigurationChanged;
import org.deskfleet.kernel.template.TemplateCreated;
import org.deskfleet.kernel.template.TemplateDeleted;
import org.deskfleet.kernel.template.TemplateUpdated;
import org.deskfleet.query.SequencedDocuments;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds {@link TemplateDocument}s, one handler per event; replays skip what a document already holds. */
@Component
@ProcessingGroup(TemplateProjection.NAME)
public class TemplateProjection {

    public static final String NAME = "template-projection";

    private final SequencedDocuments<TemplateDocument> documents;

    public TemplateProjection(MongoTemplate mongo) {
        this.documents = new SequencedDocuments<>(mongo, TemplateDocument.class, id -> {
            TemplateDocument d = new TemplateDocument();
            d.templateId = id;
            return d;
        });
    }

    @EventHandler
    void on(TemplateCreated e, @SequenceNumber long seq) {
        documents.update(e.templateId(), seq, e.at(), d -> {
            d.definition = e.definition();
            d.createdAt = e.at();
            d.history.add(general(seq, e.at(), "created", null, e.definition().name(), e.actor()));
        });
    }

    @EventHandler
    void on(TemplateUpdated e, @SequenceNumber long seq) {
        documents.update(e.templateId(), seq, e.at(), d -> {
            d.definition = e.after();
            d.history.add(general(seq, e.at(), "definition", e.before().toString(), e.after().toString(), e.actor()));
        });
    }

    @EventHandler
    void on(TemplateDeleted e, @SequenceNumber long seq) {
        documents.update(e.templateId(), seq, e.at(), d -> {
            d.deleted = true;
            d.history.add(general(seq, e.at(), "deleted", null, null, e.actor()));
        });
    }

    @EventHandler
    void on(TemplateConfigurationChanged e, @SequenceNumber long seq) {
        documents.update(e.templateId(), seq, e.at(), d -> {
            Map<String, TemplateDocument.Value> values = new TreeMap<>();
            d.configuration.forEach(v -> values.put(ItemKeys.key(v.parameter, v.index), v));
            for (ParameterChange c : e.changes()) {
                if (c.newValue() == null) {
                    values.remove(c.slot());
                } else {
                    TemplateDocument.Value v = new TemplateDocument.Value();
                    v.parameter = c.parameter();
                    v.index = c.index();
                    v.value = c.secret() ? null : c.newValue();
                    v.secret = c.secret();
                    values.put(c.slot(), v);
                }
                d.history.add(new HistoryEntry(seq, e.at(), HistoryEntry.Kind.PARAMETER, c.parameter(), c.index(),
                        c.secret() ? null : c.oldValue(), c.secret() ? null : c.newValue(), c.secret(), ChangeSource.ADMIN,
                        e.actor(), e.reason(), e.correlationId()));
            }
            d.configuration = List.copyOf(values.values());
        });
    }

    @ResetHandler
    void reset() {
        documents.reset();
    }

    public long handled() {
        return documents.handled();
    }

    private static HistoryEntry general(long seq, Instant at, String what, String before, String after, String actor) {
        return new HistoryEntry(seq, at, HistoryEntry.Kind.ITEM, "template." + what, null, before, after, false,
                ChangeSource.ADMIN, actor, null, null);
    }

}
