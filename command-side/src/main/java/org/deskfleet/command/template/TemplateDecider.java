package org.deskfleet.command.template;

import org.deskfleet.kernel.Conflict;

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
            throw new Conflict("template " + c.templateId() + " already exists");
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

    /** Rules that say a value does not fit a phone, as opposed to a malformed value. */
    private static final java.util.Set<String> DEVICE_RULES = java.util.Set.of("device-type", "software-type", "firmware");

    /**
     * Values the template cannot serve to the phones it is for: each supported device type and software type
     * against the catalog's device conditions ("SIP only", "CP600 only"). Empty lists mean all phones, for
     * which no device condition can be told.
     */
    public static List<org.deskfleet.kernel.configuration.Violation> unservable(
            org.deskfleet.kernel.template.TemplateDefinition d, List<ParameterValue> values,
            org.deskfleet.command.configuration.ParameterRules rules) {
        List<org.deskfleet.kernel.configuration.Violation> out = new ArrayList<>();
        List<String> devices = d.supportedClients().isEmpty() ? java.util.Collections.singletonList(null) : d.supportedClients();
        List<String> software = d.supportedSoftware().isEmpty() ? java.util.Collections.singletonList(null)
                : d.supportedSoftware().stream().map(s -> s == org.deskfleet.kernel.template.TemplateDefinition.Software.HFA ? "HFA" : "SIP").toList();
        if (values.isEmpty()) {
            return out;
        }
        for (String device : devices) {
            for (String sw : software) {
                for (var v : rules.checkClient(values, sw, device).violations()) {
                    if (DEVICE_RULES.contains(v.rule())) {
                        var located = new org.deskfleet.kernel.configuration.Violation(v.parameter(), v.index(), v.value(), v.rule(),
                                v.message() + " (template \"" + d.name() + "\" is for " + (device == null ? "all devices" : device)
                                        + (sw == null ? "" : ", " + sw) + ")");
                        if (!out.contains(located)) {
                            out.add(located);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A value of the state's map back as a parameter value ({@code key} or {@code key#index}). */
    static ParameterValue valueOf(String slot, String value) {
        int hash = slot.lastIndexOf('#');
        return hash < 0 ? new ParameterValue(slot, null, value)
                : new ParameterValue(slot.substring(0, hash), Integer.valueOf(slot.substring(hash + 1)), value);
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
            throw new Conflict("no template " + id);
        }
    }
}
