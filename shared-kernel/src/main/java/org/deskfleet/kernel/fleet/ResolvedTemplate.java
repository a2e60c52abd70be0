package org.deskfleet.kernel.fleet;

import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.template.TemplateDefinition;

import java.util.List;

/** A template's definition and values (secrets in clear: in memory only, on their way into a job). */
public record ResolvedTemplate(String templateId, TemplateDefinition definition, List<ParameterValue> values) {

    public ResolvedTemplate {
        values = List.copyOf(values);
    }

    @Override
    public String toString() {
        return "ResolvedTemplate[" + templateId + ", " + definition.name() + ", " + values.size() + " values]";
    }
}
