package org.deskfleet.kernel.template;

import org.deskfleet.kernel.history.HistoryEntry;

import java.time.Instant;
import java.util.List;

/** A template as the read model holds it; secret values masked. */
public record TemplateView(String templateId, TemplateDefinition definition, List<Value> configuration,
                           Instant createdAt, Instant updatedAt, List<HistoryEntry> history) {

    public record Value(String parameter, Integer index, String value, boolean secret) {
    }
}
