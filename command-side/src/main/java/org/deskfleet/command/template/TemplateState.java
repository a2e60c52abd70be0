package org.deskfleet.command.template;

import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.template.TemplateDefinition;

import java.util.HashMap;
import java.util.Map;

/** What the Template aggregate decides on: whether it exists, its definition, its parameter values. */
public record TemplateState(String templateId, TemplateDefinition definition, boolean deleted, Map<String, String> values) {

    public static final TemplateState INITIAL = new TemplateState(null, null, false, Map.of());

    public boolean exists() {
        return templateId != null && !deleted;
    }

    TemplateState withValues(Iterable<ParameterChange> changes) {
        Map<String, String> next = new HashMap<>(values);
        for (ParameterChange c : changes) {
            if (c.newValue() == null) {
                next.remove(c.slot());
            } else {
                next.put(c.slot(), c.newValue());
            }
        }
        return new TemplateState(templateId, definition, deleted, Map.copyOf(next));
    }
}
