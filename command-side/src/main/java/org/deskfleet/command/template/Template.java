package org.deskfleet.command.template;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.configuration.ConfigurationRejected;
import org.deskfleet.kernel.configuration.InvalidConfigurationException;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.kernel.template.ChangeTemplateConfiguration;
import org.deskfleet.kernel.template.CreateTemplate;
import org.deskfleet.kernel.template.DeleteTemplate;
import org.deskfleet.kernel.template.TemplateEvent;
import org.deskfleet.kernel.template.UpdateTemplate;

import java.util.List;

/** A configuration template (OSEM chapter 6), event-sourced; decisions in {@link TemplateDecider}. */
@Aggregate
public class Template {

    /** Template secrets are encrypted under a data key of their own, named apart from any device id. */
    static final String KEY_PREFIX = "template:";

    @AggregateIdentifier
    private String templateId;
    private TemplateState state = TemplateState.INITIAL;

    protected Template() {
        // for Axon
    }

    @CommandHandler
    public Template(CreateTemplate command) {
        TemplateDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(UpdateTemplate command, ParameterRules rules) {
        if (state.exists()) {
            List<ParameterValue> current = state.values().entrySet().stream()
                    .map(e -> TemplateDecider.valueOf(e.getKey(), e.getValue())).toList();
            refuse(TemplateDecider.unservable(command.definition(), current, rules));
        }
        TemplateDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    /** Values in clear, on their way into a job; nothing is recorded. */
    @CommandHandler
    public org.deskfleet.kernel.fleet.ResolvedTemplate handle(org.deskfleet.kernel.fleet.ResolveTemplate command,
                                                               ParameterRules rules, SecretCipher cipher) {
        if (!state.exists()) {
            throw new InvalidInput("no template " + command.templateId());
        }
        String keyId = KEY_PREFIX + templateId;
        List<ParameterValue> values = state.values().entrySet().stream()
                .map(e -> TemplateDecider.valueOf(e.getKey(), e.getValue()))
                .map(v -> SecretCipher.isCiphertext(v.value()) ? new ParameterValue(v.parameter(), v.index(), cipher.decrypt(keyId, v.value())) : v)
                .sorted(java.util.Comparator.comparing(ParameterValue::slot))
                .toList();
        return new org.deskfleet.kernel.fleet.ResolvedTemplate(templateId, state.definition(), values);
    }

    private static void refuse(List<org.deskfleet.kernel.configuration.Violation> violations) {
        if (!violations.isEmpty()) {
            throw new CommandExecutionException(new InvalidConfigurationException(violations).getMessage(),
                    null, new ConfigurationRejected(violations));
        }
    }

    @CommandHandler
    public void handle(DeleteTemplate command) {
        TemplateDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(ChangeTemplateConfiguration command, ParameterRules rules, SecretCipher cipher) {
        ParameterRules.Checked checked = rules.checkTemplate(command.changes());
        if (state.exists() && checked.violations().isEmpty()) {
            refuse(TemplateDecider.unservable(state.definition(), checked.normalised(), rules));
        }
        List<ParameterValue> prepared = org.deskfleet.command.configuration.ConfigurationIntake.accept(checked, rules,
                cipher, KEY_PREFIX + templateId, state.values()::get);
        TemplateDecider.decide(new ChangeTemplateConfiguration(command.templateId(), prepared, command.actor(),
                command.reason(), command.correlationId(), command.at()), state, rules::isSecret)
                .forEach(AggregateLifecycle::apply);
    }

    @EventSourcingHandler
    void on(TemplateEvent event) {
        state = TemplateDecider.evolve(state, event);
        templateId = state.templateId();
    }
}
