package org.deskfleet.kernel.template;

/** Query: all templates (ordered by ranking, then name); {@code templateId} narrows to one. */
public record FindTemplates(String templateId) {
}
