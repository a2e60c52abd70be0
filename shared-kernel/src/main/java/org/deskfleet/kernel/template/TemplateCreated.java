package org.deskfleet.kernel.template;

import java.time.Instant;

public record TemplateCreated(String templateId, TemplateDefinition definition, String actor, Instant at)
        implements TemplateEvent {
}
