package org.deskfleet.query.template;

import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.template.TemplateDefinition;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A template in the read model, with its own audit trail (who changed the template that changed 500 phones). */
@Document("#{@readModels.name('templates')}")
public class TemplateDocument extends org.deskfleet.query.SequencedDocument {

    public static final String COLLECTION = "templates";

    @Id
    public String templateId;
    public TemplateDefinition definition;
    public boolean deleted;
    public Instant createdAt;
    public List<Value> configuration = new ArrayList<>();
    public List<HistoryEntry> history = new ArrayList<>();

    public static class Value {
        public String parameter;
        public Integer index;
        public String value;
        public boolean secret;
    }
}
