package org.deskfleet.command.template;

import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.template.ChangeTemplateConfiguration;
import org.deskfleet.kernel.template.CreateTemplate;
import org.deskfleet.kernel.template.DeleteTemplate;
import org.deskfleet.kernel.template.TemplateConfigurationChanged;
import org.deskfleet.kernel.template.TemplateCreated;
import org.deskfleet.kernel.template.TemplateDeleted;
import org.deskfleet.kernel.template.TemplateEvent;
import org.deskfleet.kernel.template.TemplateUpdated;
import org.deskfleet.kernel.template.UpdateTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** The Template's decisions as pure functions. */
public final class TemplateDecider {

    private TemplateDecider() {
    }

    public static List<TemplateEvent> decide(CreateTemplate c, TemplateState s) {
        if (s.templateId() != null) {
            throw new IllegalStateException("template " + c.templateId() + " already exists");
        }
        return List.of(new TemplateCreated(c.templateId(), c.definition(), c.actor(), c.at()));
    }

    public static List<TemplateEvent> decide(UpdateTemplate c, TemplateState s) {
        requireExists(s, c.templateId());
        return c.definition().equals(s.definition()) ? List.of()
                : List.of(new TemplateUpdated(c.templateId(), s.definition(), c.definition(), c.actor(), c.at()));
    }

    public static List<TemplateEvent> decide(DeleteTemplate c, TemplateState s) {
        requireExists(s, c.templateId());
        return List.of(new TemplateDeleted(c.templateId(), c.actor(), c.at()));
    }

    /** Values already validated and secrets encrypted by the aggregate. */
    public static List<TemplateEvent> decide(ChangeTemplateConfiguration c, TemplateState s, Predicate<String> secret) {
        requireExists(s, c.templateId());
        Map<String, ParameterValue> last = new LinkedHashMap<>();
        c.changes().forEach(v -> last.put(v.slot(), v));
        List<ParameterChange> changes = new ArrayList<>();
        for (ParameterValue v : last.values()) {
            String old = s.values().get(v.slot());
            if (!Objects.equals(old, v.value())) {
                changes.add(new ParameterChange(v.parameter(), v.index(), old, v.value(), secret.test(v.parameter())));
            }
        }
        return changes.isEmpty() ? List.of()
                : List.of(new TemplateConfigurationChanged(c.templateId(), changes, c.actor(), c.reason(), c.correlationId(), c.at()));
    }

    public static TemplateState evolve(TemplateState s, TemplateEvent e) {
        return switch (e) {
            case TemplateCreated c -> new TemplateState(c.templateId(), c.definition(), false, Map.of());
            case TemplateUpdated u -> new TemplateState(s.templateId(), u.after(), false, s.values());
            case TemplateDeleted d -> new TemplateState(s.templateId(), s.definition(), true, s.values());
            case TemplateConfigurationChanged c -> s.withValues(c.changes());
        };
    }

    private static void requireExists(TemplateState s, String id) {
        if (!s.exists()) {
            throw new IllegalStateException("no template " + id);
        }
    }
}
