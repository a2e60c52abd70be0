package org.deskfleet.kernel.template;

import org.axonframework.serialization.Revision;
import java.time.Instant;

@Revision("1")
public record TemplateDeleted(String templateId, String actor, Instant at) implements TemplateEvent {
}
