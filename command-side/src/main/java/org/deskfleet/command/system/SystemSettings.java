package org.deskfleet.command.system;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.kernel.system.ChangeSystemSettings;
import org.deskfleet.kernel.system.SystemSettingsChanged;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The system settings (manual chapter 13): one aggregate, audited like every other configuration. */
@Aggregate
public class SystemSettings {

    @AggregateIdentifier
    private String settingsId;
    private Map<String, String> values = new HashMap<>();

    protected SystemSettings() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeSystemSettings command, ParameterRules rules, SecretCipher cipher) {
        if (!ChangeSystemSettings.ID.equals(command.settingsId())) {
            throw new InvalidInput("there is one set of system settings, '" + ChangeSystemSettings.ID + "'");
        }
        ParameterRules.Checked checked = rules.checkSystem(command.changes());
        List<ParameterValue> prepared = org.deskfleet.command.configuration.ConfigurationIntake.accept(checked, rules,
                cipher, "system", values::get);
        List<ParameterChange> changes = decide(prepared, values, rules);
        if (!changes.isEmpty()) {
            AggregateLifecycle.apply(new SystemSettingsChanged(command.settingsId(), changes, command.actor(),
                    command.reason(), command.at()));
        } else if (settingsId == null) {
            settingsId = command.settingsId();
        }
    }

    /** Values already accepted (secrets encrypted): the slots whose value really changes. */
    static List<ParameterChange> decide(List<ParameterValue> wanted, Map<String, String> current, ParameterRules rules) {
        Map<String, ParameterValue> last = new LinkedHashMap<>();
        wanted.forEach(v -> last.put(v.slot(), v));
        List<ParameterChange> changes = new ArrayList<>();
        for (ParameterValue v : last.values()) {
            boolean secret = rules.isSecret(v.parameter());
            String old = current.get(v.slot());
            String next = v.value();
            if (!Objects.equals(old, next)) {
                changes.add(new ParameterChange(v.parameter(), v.index(), old, next, secret));
            }
        }
        return changes;
    }

    @EventSourcingHandler
    void on(SystemSettingsChanged event) {
        settingsId = event.settingsId();
        for (ParameterChange c : event.changes()) {
            if (c.newValue() == null) {
                values.remove(c.slot());
            } else {
                values.put(c.slot(), c.newValue());
            }
        }
    }
}
