package org.deskfleet.command.job;

import org.deskfleet.command.secret.AfterCommit;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;
import org.deskfleet.kernel.configuration.ConfigurationRejected;
import org.deskfleet.kernel.configuration.InvalidConfigurationException;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.kernel.configuration.Violation;
import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.DeleteJob;
import org.deskfleet.kernel.job.JobEvent;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.RecordJobTargetContacted;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetServing;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job (OSEM chapter 12), event-sourced; decisions in {@link JobDecider}, each returning its events and the
 * deadlines they need ({@link JobDecision}). A job of thousands of targets takes thousands of commands: it stays
 * loaded between them (the {@code jobCache}), and a load after a restart starts from its latest snapshot (one every
 * few hundred events, {@code jobSnapshots}) rather than from its first event. Its planned start, timeout and end of lifetime are persistent
 * deadlines, so they fire after a restart too. A deadline that comes when it
 * no longer applies (a timeout after completion) decides nothing, so none has to be cancelled.
 */
@Aggregate(cache = "jobCache", snapshotTriggerDefinition = "jobSnapshots")
// A snapshot is this object as JSON: its two fields, nothing derived from them. Its revision goes with it, and a
// load takes only a snapshot of this revision (Axon filters by it); another is passed over and the aggregate is
// read from its events. Raise it whenever the state's shape or meaning changes: a snapshot read into a state it
// was not written from would decide from a wrong phone or job.
@org.axonframework.serialization.Revision(Job.STATE_REVISION)
@com.fasterxml.jackson.annotation.JsonAutoDetect(fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY,
        getterVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
public class Job {

    /** The revision of this aggregate's snapshots (see the class annotation). */
    public static final String STATE_REVISION = "1";

    static final String START = "job-start";
    static final String TIMEOUT = "job-timeout";
    static final String EXPIRY = "job-expiry";

    @AggregateIdentifier
    private String jobId;
    private JobState state = JobState.INITIAL;

    protected Job() {
        // for Axon
    }

    @CommandHandler
    public Job(CreateJob command, ParameterRules rules, SecretCipher cipher, DeadlineManager deadlines) {
        CreateJob prepared = command.spec() instanceof JobSpec.Configure configure
                ? withSpec(command, checkedConfiguration(command, configure, rules, cipher))
                : command;
        apply(JobDecider.decide(prepared, state), deadlines);
    }

    @CommandHandler
    public void handle(RecordJobTargetResult command, DeadlineManager deadlines) {
        apply(JobDecider.decide(command, state), deadlines);
    }

    @CommandHandler
    public void handle(RecordJobTargetContacted command, DeadlineManager deadlines) {
        apply(JobDecider.decide(command, state), deadlines);
    }

    @CommandHandler
    public void handle(RecordJobTargetServing command, DeadlineManager deadlines) {
        apply(JobDecider.decide(command, state), deadlines);
    }

    @CommandHandler
    public void handle(RecordJobTargetDeferred command, DeadlineManager deadlines) {
        apply(JobDecider.decide(command, state), deadlines);
    }

    @CommandHandler
    public void handle(RecordJobTargetStartUp command, DeadlineManager deadlines) {
        apply(JobDecider.decide(command, state), deadlines);
    }

    @CommandHandler
    public void handle(DeleteJob command, SecretCipher cipher, DeadlineManager deadlines) {
        apply(JobDecider.decide(command, state), deadlines);
        if (state.spec() instanceof JobSpec.Configure) {
            AfterCommit.run(() -> cipher.shred(JobSpec.Configure.secretKeyOf(jobId)));
        }
    }

    @DeadlineHandler(deadlineName = START)
    void planned(JobDeadline due, @Timestamp Instant dueAt, DeadlineManager deadlines) {
        apply(JobDecider.start(state, now(dueAt)), deadlines);
    }

    @DeadlineHandler(deadlineName = TIMEOUT)
    void timedOut(JobDeadline due, @Timestamp Instant dueAt, DeadlineManager deadlines) {
        apply(JobDecider.timeout(state, now(dueAt)), deadlines);
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void expired(JobDeadline due, @Timestamp Instant dueAt, SecretCipher cipher, DeadlineManager deadlines) {
        boolean wasLive = !state.deleted();
        apply(JobDecider.expire(state, now(dueAt)), deadlines);
        if (wasLive && state.deleted() && state.spec() instanceof JobSpec.Configure) {
            AfterCommit.run(() -> cipher.shred(JobSpec.Configure.secretKeyOf(jobId)));
        }
    }

    /** A deadline's time is when it was due; one that fires late (the server was down) happened now. */
    private static Instant now(Instant dueAt) {
        Instant clock = org.axonframework.eventhandling.GenericEventMessage.clock.instant();
        return dueAt != null && dueAt.isAfter(clock) ? dueAt : clock;
    }

    /** Records the decision's events and schedules the deadlines it asks for; nothing else is inferred here. */
    private void apply(JobDecision decision, DeadlineManager deadlines) {
        for (JobEvent e : decision.events()) {
            AggregateLifecycle.apply(e);
        }
        // In the creating handler the events are applied once the constructor returns: the id is the events'.
        String id = jobId != null || decision.events().isEmpty() ? jobId : decision.events().getFirst().jobId();
        for (JobDecision.Deadline d : decision.deadlines()) {
            deadlines.schedule(d.at(), d.name(), new JobDeadline(id));
        }
    }

    /**
     * The values are checked against every kind of target (software and device type) at once; secrets are
     * encrypted before any event is written.
     */
    private static JobSpec.Configure checkedConfiguration(CreateJob c, JobSpec.Configure spec, ParameterRules rules,
                                                          SecretCipher cipher) {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        for (JobTarget t : c.targets()) {
            kinds.computeIfAbsent(t.softwareType() + "\u0000" + t.deviceType(), k -> new ArrayList<>()).add(t.deviceId());
        }
        List<Violation> violations = new ArrayList<>();
        List<ParameterValue> normalised = spec.changes();
        for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
            String[] parts = kind.getKey().split("\u0000", -1);
            ParameterRules.Checked checked = rules.checkClient(spec.changes(), nullIfLiteral(parts[0]), nullIfLiteral(parts[1]));
            for (Violation v : checked.violations()) {
                String where = kind.getValue().size() == 1 ? " (target " + kind.getValue().get(0) + ")"
                        : " (" + kind.getValue().size() + " targets, e.g. " + kind.getValue().get(0) + ")";
                Violation located = new Violation(v.parameter(), v.index(), v.value(), v.rule(), v.message() + where);
                if (!violations.contains(located)) {
                    violations.add(located);
                }
            }
            if (checked.violations().isEmpty()) {
                normalised = checked.normalised();
            }
        }
        for (ParameterValue v : spec.changes()) {
            boolean alreadyRefused = violations.stream().anyMatch(x -> x.parameter().equals(v.parameter()));
            if (alreadyRefused || rules.isDeliverable(v.parameter())) {
                continue;
            }
            Violation undeliverable = new Violation(v.parameter(), v.index(), rules.isSecret(v.parameter()) ? "****" : v.value(),
                    "not-deliverable", "parameter " + v.parameter() + " is not deliverable to phones (no WPI item is known"
                    + " for it); record it with changeClientConfiguration(deliver: false) to keep it as desired value");
            if (!violations.contains(undeliverable)) {
                violations.add(undeliverable);
            }
        }
        if (!violations.isEmpty()) {
            InvalidConfigurationException invalid = new InvalidConfigurationException(violations);
            throw new CommandExecutionException(invalid.getMessage(), null, new ConfigurationRejected(violations));
        }
        String keyId = JobSpec.Configure.secretKeyOf(c.jobId());
        return new JobSpec.Configure(normalised.stream()
                .map(v -> rules.isSecret(v.parameter()) && v.value() != null && !SecretCipher.isCiphertext(v.value())
                        ? new ParameterValue(v.parameter(), v.index(), cipher.encrypt(keyId, v.value())) : v)
                .toList(), spec.layer());
    }

    private static String nullIfLiteral(String s) {
        return s == null || s.equals("null") ? null : s;
    }

    private static CreateJob withSpec(CreateJob c, JobSpec spec) {
        return new CreateJob(c.jobId(), spec, c.targets(), c.plannedAt(), c.timeout(), c.lifetime(), c.initiator(),
                c.reason(), c.at());
    }

    @EventSourcingHandler
    void on(JobEvent event) {
        state = JobDecider.evolve(state, event);
        jobId = state.jobId();
    }

    /** Test support: the state the aggregate decides on. */
    JobState state() {
        return state;
    }

    Instant startedAt() {
        return state.startedAt();
    }
}
