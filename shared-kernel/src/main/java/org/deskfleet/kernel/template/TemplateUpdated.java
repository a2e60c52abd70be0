package org.deskfleet.kernel.template;

import org.axonframework.serialization.Revision;
import java.time.Instant;

/** General information changed; both versions kept so the audit trail shows old and new. */
@Revision("1")
public record TemplateUpdated(String templateId, TemplateDefinition before, TemplateDefinition after, String actor,
                              Instant at) implements TemplateEvent {
}
