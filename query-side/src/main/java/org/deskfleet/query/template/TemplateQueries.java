package org.deskfleet.query.template;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.template.FindTemplates;
import org.deskfleet.kernel.template.TemplateView;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;

/** Templates from the read model; deleted ones are not listed. */
@Component
public class TemplateQueries {

    private final MongoTemplate mongo;

    public TemplateQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public List<TemplateView> handle(FindTemplates q) {
        List<TemplateDocument> docs = q.templateId() == null ? mongo.findAll(TemplateDocument.class)
                : java.util.Optional.ofNullable(mongo.findById(q.templateId(), TemplateDocument.class)).stream().toList();
        return docs.stream().filter(d -> !d.deleted && d.definition != null)
                .sorted(Comparator.comparingInt((TemplateDocument d) -> d.definition.ranking()).thenComparing(d -> d.definition.name()))
                .map(TemplateQueries::view).toList();
    }

    /** Every live template, for the effective configuration. */
    public List<TemplateDocument> live() {
        return mongo.findAll(TemplateDocument.class, org.deskfleet.query.ReadModels.name(TemplateDocument.COLLECTION)).stream().filter(d -> !d.deleted && d.definition != null).toList();
    }

    static TemplateView view(TemplateDocument d) {
        return new TemplateView(d.templateId, d.definition,
                d.configuration.stream().map(v -> new TemplateView.Value(v.parameter, v.index, v.value, v.secret)).toList(),
                d.createdAt, d.updatedAt, List.copyOf(d.history).reversed());
    }
}
