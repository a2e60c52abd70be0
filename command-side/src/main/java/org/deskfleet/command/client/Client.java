package org.deskfleet.command.client;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.deskfleet.command.secret.AfterCommit;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ApplyJobConfiguration;
import org.deskfleet.kernel.client.ChangeClientConfiguration;
import org.deskfleet.kernel.client.RecordClientAccessMode;
import org.deskfleet.kernel.client.RevertClientConfiguration;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.kernel.secret.SecretItems;
import org.deskfleet.command.secret.SecretSealer;

import java.util.List;

/**
 * A phone under management, event-sourced. The class only adapts Axon to {@link ClientDecider}: secrets
 * are sealed before deciding, so no clear password or PIN ever reaches an event.
 */
@Aggregate(cache = "clientCache", snapshotTriggerDefinition = "clientSnapshots")
// A snapshot is this object as JSON: its two fields, nothing derived from them. Its revision goes with it, and a
// load takes only a snapshot of this revision (Axon filters by it); another is passed over and the aggregate is
// read from its events. Raise it whenever the state's shape or meaning changes: a snapshot read into a state it
// was not written from would decide from a wrong phone or job.
@org.axonframework.serialization.Revision(Client.STATE_REVISION)
@com.fasterxml.jackson.annotation.JsonAutoDetect(fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY,
        getterVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
public class Client {

    /** The revision of this aggregate's snapshots (see the class annotation). */
    public static final String STATE_REVISION = "1";

    @AggregateIdentifier
    private String deviceId;
    private ClientState state = ClientState.INITIAL;

    protected Client() {
        // for Axon
    }

    ClientState state() {
        return state;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public RegistrationOutcome handle(RegisterClient command, SecretSealer sealer) {
        RegisterClient sealed = new RegisterClient(command.deviceId(), command.reason(),
                seal(command.deviceId(), command.items(), sealer), command.remoteAddress(), command.secureChannel(), command.at(), command.unknownPhones());
        ClientDecider.Decision decision = ClientDecider.decide(sealed, state);
        decision.events().forEach(AggregateLifecycle::apply);
        return decision.outcome();
    }

    @CommandHandler
    public void handle(RecordReportedItems command, SecretSealer sealer) {
        RecordReportedItems sealed = new RecordReportedItems(command.deviceId(), command.reason(),
                seal(command.deviceId(), command.items(), sealer), command.complete(), command.at());
        ClientDecider.decide(sealed, state).forEach(AggregateLifecycle::apply);
    }

    /** Validated as a whole against the catalog; secrets are encrypted before any event is written. */
    @CommandHandler
    public void handle(ChangeClientConfiguration command, ParameterRules rules, SecretCipher cipher, SecretSealer sealer) {
        if (!state.exists()) {
            throw new Conflict("device " + command.deviceId() + " is not registered");
        }
        ParameterRules.Checked checked = rules.checkClient(command.changes(), state.identity().softwareType(),
                state.identity().deviceType(), state.identity().softwareVersion());
        List<ParameterValue> prepared = org.deskfleet.command.configuration.ConfigurationIntake.accept(checked, rules,
                cipher, deviceId, state.desired()::get);
        ChangeClientConfiguration sealed = new ChangeClientConfiguration(command.deviceId(), prepared, command.source(),
                command.actor(), command.reason(), command.correlationId(), command.at());
        ClientDecider.decide(sealed, state, rules::isSecret).stream()
                .map(e -> withFingerprints(e, rules, cipher, sealer)).forEach(AggregateLifecycle::apply);
    }

    /** A job's values, less those changed since the job was created; then as any change (validated, encrypted). */
    @CommandHandler
    public void handle(ApplyJobConfiguration command, ParameterRules rules, SecretCipher cipher, SecretSealer sealer) {
        ChangeClientConfiguration current = ClientDecider.stillCurrent(command, state);
        if (!current.changes().isEmpty()) {
            handle(current, rules, cipher, sealer);
        }
    }

    /** The client's own values now, secrets in clear (in memory only): to copy them or make a template of them. */
    @CommandHandler
    public List<ParameterValue> handle(org.deskfleet.kernel.fleet.ResolveClientValues command, SecretCipher cipher) {
        if (!state.exists()) {
            throw new InvalidInput("unknown device " + command.deviceId());
        }
        return state.desired().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).map(e -> {
            int hash = e.getKey().lastIndexOf('#');
            String parameter = hash < 0 ? e.getKey() : e.getKey().substring(0, hash);
            Integer index = hash < 0 ? null : Integer.valueOf(e.getKey().substring(hash + 1));
            String value = SecretCipher.isCiphertext(e.getValue()) ? cipher.decrypt(deviceId, e.getValue()) : e.getValue();
            return new ParameterValue(parameter, index, value);
        }).toList();
    }

    @CommandHandler
    public void handle(org.deskfleet.kernel.client.ApproveClient command) {
        ClientDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(RecordClientAccessMode command) {
        ClientDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    /** Deleting shreds the client's data key: its encrypted secrets become unreadable for good. */
    @CommandHandler
    public void handle(org.deskfleet.kernel.client.DeleteClient command, SecretCipher cipher) {
        ClientDecider.decide(command, state).forEach(AggregateLifecycle::apply);
        AfterCommit.run(() -> cipher.shred(command.deviceId()));
    }

    @CommandHandler
    /**
     * @return the values the revert set (secrets in clear, for delivery only; never stored so), without the
     * ones it unset: what a configuration job must bring to the phone
     */
    public List<ParameterValue> handle(RevertClientConfiguration command, ParameterRules rules, SecretCipher cipher, SecretSealer sealer) {
        List<ClientEvent> events = ClientDecider.decide(command, state).stream()
                .map(e -> withFingerprints(e, rules, cipher, sealer)).toList();
        events.forEach(AggregateLifecycle::apply);
        List<ParameterValue> set = new java.util.ArrayList<>();
        for (ClientEvent e : events) {
            if (e instanceof org.deskfleet.kernel.client.ClientConfigurationChanged changed) {
                for (var c : changed.changes()) {
                    if (c.newValue() != null) {
                        set.add(new ParameterValue(c.parameter(), c.index(),
                                SecretCipher.isCiphertext(c.newValue()) ? cipher.decrypt(command.deviceId(), c.newValue()) : c.newValue()));
                    }
                }
            }
        }
        return set;
    }

    /**
     * A desired secret gets the sealed form the phone will report once it has the value (sealed like the
     * phone's own reports: device id and the parameter's first WPI item), so the read side can tell drift
     * without ever seeing the value. Undeliverable secrets have no item and get none.
     */
    private ClientEvent withFingerprints(ClientEvent event, ParameterRules rules, SecretCipher cipher, SecretSealer sealer) {
        if (!(event instanceof ClientConfigurationChanged c) || c.changes().stream().noneMatch(ParameterChange::secret)) {
            return event;
        }
        List<ParameterChange> changes = c.changes().stream().map(p -> {
            List<String> items = rules.itemsFor(p.parameter());
            return !p.secret() || p.newValue() == null || items.isEmpty() ? p
                    : p.withFingerprint(sealer.seal(c.deviceId(), items.getFirst(), cipher.decrypt(deviceId, p.newValue())));
        }).toList();
        return new ClientConfigurationChanged(c.deviceId(), changes, c.source(), c.actor(), c.reason(), c.correlationId(), c.at());
    }

    @EventSourcingHandler
    void on(ClientEvent event) {
        state = ClientDecider.evolve(state, event);
        // The aggregate keeps its identity after a deletion (its state is forgotten, not its stream).
        deviceId = event.deviceId();
    }

    static List<ReportedItem> seal(String deviceId, List<ReportedItem> items, SecretSealer sealer) {
        return items.stream()
                .map(i -> SecretItems.isSecret(i.name()) && !i.value().isEmpty() && !SecretSealer.isSealed(i.value())
                        ? new ReportedItem(i.name(), i.index(), sealer.seal(deviceId, i.name(), i.value()), i.status())
                        : i)
                .toList();
    }
}
