package org.deskfleet.kernel.template;

import java.time.Instant;

/** Everything that can happen to a Template. */
public sealed interface TemplateEvent permits TemplateCreated, TemplateUpdated, TemplateDeleted, TemplateConfigurationChanged {

    String templateId();

    Instant at();
}
