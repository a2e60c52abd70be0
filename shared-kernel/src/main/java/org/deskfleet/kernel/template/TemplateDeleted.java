package org.deskfleet.kernel.template;

import java.time.Instant;

public record TemplateDeleted(String templateId, String actor, Instant at) implements TemplateEvent {
}
