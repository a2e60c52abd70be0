package org.deskfleet.command.mobility;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.command.configuration.ConfigurationIntake;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.DeleteMobileUser;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.MobileUserEvent;
import org.deskfleet.kernel.mobility.MobilityAction;
import org.deskfleet.kernel.mobility.PlanMobilityAction;
import org.deskfleet.kernel.mobility.PrepareMobileUserLogon;
import org.deskfleet.kernel.mobility.RegisterMobileUser;
import org.deskfleet.kernel.mobility.RevertMobileUserConfiguration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

/**
 * A mobile user (OSEM chapter 5), event-sourced under its E.164 number: the number is the aggregate's
 * identity, so two users can never share one (a second registration finds the first). A deleted user's
 * stream stays; registering the number again starts afresh with a new data key. The class only adapts
 * Axon to {@link MobileUserDecider}; secrets are encrypted under the user's own data key before deciding.
 *
 * <p>Every handler may meet a number never registered ({@code CREATE_IF_MISSING}): the decider then says
 * "unknown mobile user" instead of the bus's generic "aggregate not found", and nothing is stored.
 */
@Aggregate
public class MobileUser {

    /** Names the user's data key apart from device, template and job keys. */
    public static final String KEY_PREFIX = "mobile-user:";
    static final String PLANNED = "mobility-planned";
    static final String FORCED_LOGOFF = "mobility-forced-logoff";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MobileUser.class);

    @AggregateIdentifier
    private String e164;
    private MobileUserState state = MobileUserState.INITIAL;

    protected MobileUser() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterMobileUser command, SecretCipher cipher) {
        MobileUserDecider.decide(command, state, clear -> cipher.encrypt(keyOf(command.e164()), clear))
                .forEach(AggregateLifecycle::apply);
    }

    /** Deleting shreds the user's data key: password and secret settings become unreadable for good. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DeleteMobileUser command, SecretCipher cipher) {
        MobileUserDecider.decide(command, state).forEach(AggregateLifecycle::apply);
        cipher.shred(keyOf(command.e164()));
    }

    /** Validated as a whole against the user-scope catalog, exactly as a client's configuration is. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeMobileUserConfiguration command, ParameterRules rules, SecretCipher cipher) {
        if (!state.registered()) {
            MobileUserDecider.decide(command, state, rules::isSecret);  // refuses: unknown user
        }
        List<ParameterValue> prepared = ConfigurationIntake.accept(rules.checkUser(command.changes()), rules, cipher,
                keyOf(command.e164()), state.desired()::get);
        MobileUserDecider.decide(new ChangeMobileUserConfiguration(command.e164(), prepared, command.source(),
                        command.actor(), command.reason(), command.correlationId(), command.deviceId(), command.at()),
                state, rules::isSecret).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RevertMobileUserConfiguration command) {
        MobileUserDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    /**
     * @return what the phone must get: the user's values (secrets decrypted for delivery only) and profile
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public LogonGrant handle(LogOnMobileUser command, SecretCipher cipher, DeadlineManager deadlines) {
        List<MobileUserEvent> events = MobileUserDecider.decide(command, state, typed -> matches(typed, cipher));
        events.forEach(AggregateLifecycle::apply);
        if (!events.isEmpty() && command.forcedLogoffSeconds() != null && command.forcedLogoffSeconds() > 0) {
            deadlines.schedule(command.at().plusSeconds(command.forcedLogoffSeconds()), FORCED_LOGOFF,
                    new MobilityDeadline(command.e164(), MobilityAction.LOGOFF, command.deviceId(), "system", null,
                            command.at(), command.forcedLogoffSeconds()));
        }
        return grant(command.deviceId(), cipher);
    }

    /** Checks only, records nothing: what a logon job writes to the phone before the logon is recorded. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public LogonGrant handle(PrepareMobileUserLogon command, SecretCipher cipher) {
        MobileUserDecider.decide(command, state);
        return grant(command.deviceId(), cipher);
    }

    private LogonGrant grant(String deviceId, SecretCipher cipher) {
        String key = keyOf(state.e164());
        List<ParameterValue> settings = state.desired().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> {
                    int hash = e.getKey().indexOf('#');
                    String parameter = hash < 0 ? e.getKey() : e.getKey().substring(0, hash);
                    Integer index = hash < 0 ? null : Integer.valueOf(e.getKey().substring(hash + 1));
                    String value = SecretCipher.isCiphertext(e.getValue()) ? cipher.decrypt(key, e.getValue()) : e.getValue();
                    return new ParameterValue(parameter, index, value);
                }).toList();
        return new LogonGrant(state.e164(), deviceId, settings, List.copyOf(state.profile().values()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(LogOffMobileUser command) {
        MobileUserDecider.decide(command, state).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(PlanMobilityAction command, DeadlineManager deadlines) {
        MobileUserDecider.decide(command, state).forEach(AggregateLifecycle::apply);
        deadlines.schedule(command.plannedAt(), PLANNED, new MobilityDeadline(command.e164(), command.action(),
                command.deviceId(), command.actor(), command.reason(), null, null));
    }

    /**
     * A planned operator action, done as if the operator did it now. One that no longer fits (the user was
     * deleted, logged on elsewhere, already logged off) changes nothing and says why in the log.
     */
    @DeadlineHandler(deadlineName = PLANNED)
    void planned(MobilityDeadline due, @Timestamp Instant dueAt) {
        String reason = due.reason() == null ? "planned" : due.reason();
        try {
            if (due.action() == MobilityAction.LOGON) {
                MobileUserDecider.decide(new LogOnMobileUser(due.e164(), due.deviceId(), null, ChangeSource.ADMIN, due.actor(),
                        reason, dueAt), state, typed -> false).forEach(AggregateLifecycle::apply);
            } else {
                MobileUserDecider.decide(new LogOffMobileUser(due.e164(), null, List.of(), ChangeSource.ADMIN, due.actor(),
                        reason, dueAt), state).forEach(AggregateLifecycle::apply);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            log.warn("planned {} of mobile user {} not done: {}", due.action(), due.e164(), e.getMessage());
        }
    }

    /**
     * The forced logoff is a logoff job (initiator SYSTEM), like an operator's: the phone is told and the
     * user's files are read back; the logoff is recorded once the phone answered.
     */
    @DeadlineHandler(deadlineName = FORCED_LOGOFF)
    void forcedLogoff(MobilityDeadline due, @Timestamp Instant dueAt, ForcedLogoffJobs jobs) {
        if (MobileUserDecider.forcedLogoffDue(state, due.deviceId(), due.loggedOnAt())) {
            jobs.logoff(due.e164(), due.deviceId(), "forced logoff after " + due.seconds() + " s", dueAt);
        }
    }

    /** Compared in constant time, so timing tells nothing about how much of a guess was right. */
    private boolean matches(String typed, SecretCipher cipher) {
        String stored = cipher.decrypt(keyOf(state.e164()), state.password());
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), typed.getBytes(StandardCharsets.UTF_8));
    }

    @EventSourcingHandler
    void on(MobileUserEvent event) {
        state = MobileUserDecider.evolve(state, event);
        e164 = event.e164();
    }

    public static String keyOf(String e164) {
        return KEY_PREFIX + e164;
    }
}
