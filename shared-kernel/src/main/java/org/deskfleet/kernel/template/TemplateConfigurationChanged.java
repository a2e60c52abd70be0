package org.deskfleet.kernel.template;

import org.axonframework.serialization.Revision;
import org.deskfleet.kernel.configuration.ParameterChange;

import java.time.Instant;
import java.util.List;

/** Template parameters changed: old and new per parameter (secrets as ciphertext), who, why, when. */
@Revision("1")
public record TemplateConfigurationChanged(String templateId, List<ParameterChange> changes, String actor, String reason,
                                           String correlationId, Instant at) implements TemplateEvent {
}
