package org.deskfleet.wpi.server.interaction;

import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.kernel.secret.SecretItems;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Fragment;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiDecodeException;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.dcmp.DcmpPolicy;
import org.deskfleet.wpi.server.interaction.Interaction.Outgoing;
import org.deskfleet.wpi.server.interaction.Interaction.Purpose;
import org.deskfleet.wpi.server.log.LogGuard;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.JobOutcome;
import org.deskfleet.wpi.server.work.PendingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The WPI conversation, free of Netty. Each phone message moves an {@link Interaction} on: what the phone
 * reported becomes commands, then the next service message is chosen — our own full read when the
 * inventory is unknown or changed, then at most one pending job (wpi-protocol §7.5), then {@code CleanUp}
 * (with {@code send-solicited} while more work waits). The phone is answered only after its data is in
 * the event store, so nothing it was told was received can be lost.
 */
public final class InteractionEngine {

    private static final Logger log = LoggerFactory.getLogger(InteractionEngine.class);
    /** What strangers send causes these lines: one per kind and interval, arguments cut and escaped. */
    private static final LogGuard WARNINGS = LogGuard.standard();
    /** A fragmented item list may not grow without bound across GetNextFragment rounds. */
    private static final int MAX_FRAGMENTED_ITEMS = 20_000;

    private final WpiCodec codec;
    private final InteractionStore store;
    private final ClientCommands commands;
    private final ContactRecorder contacts;
    private final PendingWork work;
    private final Clock clock;
    private final InteractionAdmission admission;
    private final Duration firstReplyDeadline;
    private final DcmpPolicy dcmp;
    private final boolean secretsOnlyInSecureMode;
    private final long maxBytes;
    private java.util.concurrent.Executor offLoop = Runnable::run;
    private final AccessModeObserver accessModes;
    private volatile WpiMetrics metrics = WpiMetrics.NONE;
    private final SecureRandom random = new SecureRandom();
    private volatile MobilityHook mobility = MobilityHook.NONE;

    /**
     * @param maxInteractions interactions open at once (started or awaiting a reply); a phone starting one
     *                        more is told {@code overload} and retries, as with the commercial DLS
     */
    public InteractionEngine(WpiCodec codec, InteractionStore store, ClientCommands commands,
                             ContactRecorder contacts, PendingWork work, Clock clock, int maxInteractions) {
        this(codec, store, commands, contacts, work, clock, maxInteractions, DcmpPolicy.DISABLED);
    }

    public InteractionEngine(WpiCodec codec, InteractionStore store, ClientCommands commands,
                             ContactRecorder contacts, PendingWork work, Clock clock, int maxInteractions,
                             DcmpPolicy dcmp) {
        this(codec, store, commands, contacts, work, clock, new InteractionLimits(maxInteractions,
                maxInteractions, InteractionLimits.DEFAULT.firstReplyDeadline()), dcmp, AccessModeObserver.NONE);
    }

    public InteractionEngine(WpiCodec codec, InteractionStore store, ClientCommands commands,
                             ContactRecorder contacts, PendingWork work, Clock clock, InteractionLimits limits,
                             DcmpPolicy dcmp) {
        this(codec, store, commands, contacts, work, clock, limits, dcmp, AccessModeObserver.NONE);
    }

    public InteractionEngine(WpiCodec codec, InteractionStore store, ClientCommands commands,
                             ContactRecorder contacts, PendingWork work, Clock clock, int maxInteractions,
                             DcmpPolicy dcmp, AccessModeObserver accessModes) {
        this(codec, store, commands, contacts, work, clock, new InteractionLimits(maxInteractions,
                maxInteractions, InteractionLimits.DEFAULT.firstReplyDeadline()), dcmp, accessModes);
    }

    public InteractionEngine(WpiCodec codec, InteractionStore store, ClientCommands commands,
                             ContactRecorder contacts, PendingWork work, Clock clock, InteractionLimits limits,
                             DcmpPolicy dcmp, AccessModeObserver accessModes) {
        this.accessModes = accessModes;
        this.dcmp = dcmp;
        this.codec = codec;
        this.store = store;
        this.commands = commands;
        this.contacts = contacts;
        this.work = work;
        this.clock = clock;
        this.admission = new InteractionAdmission(limits.total(), limits.perAddress(), limits.firstReplyDeadline());
        this.firstReplyDeadline = limits.firstReplyDeadline();
        this.secretsOnlyInSecureMode = limits.secretsOnlyInSecureMode();
        this.maxBytes = limits.maxBytes();
    }

    /** Where the engine's counts go (none until set). */
    public InteractionEngine metrics(WpiMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Mobile users log on and off through this engine's interactions (docs/mobility.md). */
    public void mobility(MobilityHook hook) {
        this.mobility = hook == null ? MobilityHook.NONE : hook;
    }

    public CompletableFuture<WpiResponse> handle(WpiRequest request) {
        PhoneMessage message;
        try {
            message = codec.readPhoneMessage(request.body());
        } catch (WpiDecodeException e) {
            WARNINGS.warn(log, "rejected", "rejected WPI message from {}: {}: {}", request.remoteAddress(), e.problem(), e.getMessage());
            int status = e.problem() == WpiDecodeException.Problem.TOO_LARGE ? 413 : 400;
            metrics.answered("unreadable", "rejected");
            return done(WpiResponse.error(status, "WPI message rejected (" + e.problem() + "): " + e.getMessage()));
        }
        CompletableFuture<WpiResponse> answer;
        try {
            // Off the event loop: choosing the next job may read and decrypt from a store.
            answer = CompletableFuture.supplyAsync(() -> dispatch(message, request), offLoop).thenCompose(f -> f);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(e -> failed(message, request, e))
                .whenComplete((r, e) -> metrics.answered(message.reason().name().toLowerCase(java.util.Locale.ROOT),
                        r == null ? "failed" : r.status() >= 400 ? "rejected" : r.session() != null ? "continued" : "ended"));
    }

    /**
     * Where phone messages are worked on once read (the caller's thread by default). The listener gives its
     * bounded dispatch pool, so no store call ever runs on a network event loop; a full pool means overload.
     */
    public InteractionEngine workingOn(java.util.concurrent.Executor executor) {
        this.offLoop = executor;
        return this;
    }

    /** An interaction the phone never continued: its job stays pending for the next contact. */
    public void expired(Interaction i) {
        admission.closed(i.id());
        if (i.jobPhase() instanceof Interaction.JobPhase.Serving serving) {
            work.deferred(i.deviceId(), serving.job().jobId(), "phone stopped answering mid-interaction");
        }
    }

    /** Interactions open now: awaiting a reply, or being started. */
    public int openInteractions() {
        return admission.inUse();
    }

    /**
     * Drops interactions whose phone never answered within the first-reply deadline (invented MACs that
     * start up and go silent); called periodically, more often than the store's own expiry.
     */
    public int expireUnanswered() {
        List<String> overdue = admission.overdue(clock.instant());
        overdue.forEach(id -> store.find(id).ifPresent(i -> abandon(i, "phone never answered")));
        return overdue.size();
    }

    /**
     * Several nodes: an interaction opened here may end on another node (the phone's next request reached it) or
     * be expired by another; nothing tells this node, whose admission would count it open for good, until every
     * slot is taken and each phone is told overload. Called periodically: interactions no longer in the shared
     * store give their slot back here.
     */
    public int releaseEndedElsewhere() {
        List<String> held = admission.openIds();
        java.util.Set<String> stillOpen = store.open(held);
        int released = 0;
        for (String id : held) {
            if (!stillOpen.contains(id)) {
                admission.closed(id);
                released++;
            }
        }
        return released;
    }

    private CompletableFuture<WpiResponse> dispatch(PhoneMessage m, WpiRequest request) {
        return switch (m.reason()) {
            case START_UP, SOLICITED, LOCAL_CHANGES, INVENTORY_CHANGES -> firstMessage(m, request);
            case STATUS -> status(m, request);
            case REPLY_TO -> replyTo(m, request);
            case CLEAN_UP -> {
                Optional<Interaction> open = find(request);
                WARNINGS.info(log, "cleanup", "phone {} ended the interaction: {}", open.map(Interaction::deviceId).orElse(request.remoteAddress()),
                        m.item("cleanup-reason").orElse("no reason given"));
                open.ifPresent(i -> abandon(i, "phone sent clean-up: " + m.item("cleanup-reason").orElse("")));
                yield done(cleanUp(m, null));
            }
            case UNKNOWN -> {
                WARNINGS.warn(log, "reason", "unknown reason-for-contact '{}' from {}", m.rawReason(), request.remoteAddress());
                find(request).ifPresent(i -> abandon(i, "unknown reason-for-contact"));
                yield done(cleanUp(m, "unsupported reason-for-contact"));
            }
        };
    }

    // ------------------------------------------------------------ first messages

    /** A new interaction: any cookie the phone presents is stale by definition (wpi-protocol §2.2). */
    private CompletableFuture<WpiResponse> firstMessage(PhoneMessage m, WpiRequest request) {
        DeviceId deviceId;
        try {
            deviceId = DeviceId.parse(m.item("mac-addr").orElse(null));
        } catch (IllegalArgumentException e) {
            WARNINGS.warn(log, "mac", "{} from {} without a usable mac-addr: {}", m.rawReason(), request.remoteAddress(), e.getMessage());
            return done(cleanUp(m, "missing or invalid mac-addr"));
        }
        if (request.secureChannel() && !deviceId.value().equals(request.certifiedDevice())) {
            WARNINGS.warn(log, "certificate", "{} on the secure port with a certificate for '{}', not for {}", m.rawReason(),
                    request.certifiedDevice(), deviceId);
            return done(cleanUp(m, "client certificate does not belong to this device"));
        }
        // Delivery state not current yet (start-up): serving from it could repeat work that ended long ago.
        if (!work.current()) {
            log.debug("delivery state not current yet, shedding {}", deviceId);
            metrics.overload("not-current");
            return done(cleanUp(m, "overload"));
        }
        // A second connection claiming a device whose interaction is open does not end it on its word alone.
        Optional<Interaction> previous = find(request).or(() -> store.findByDevice(deviceId.value()));
        if (previous.isPresent() && !mayReplace(previous.get(), request, deviceId)) {
            WARNINGS.warn(log, "claim", "{} from {} for {}, whose interaction from another address is open: refused",
                    m.rawReason(), request.remoteAddress(), deviceId);
            metrics.overload("claimed");
            return done(cleanUp(m, "overload"));
        }
        // Load shedding before anything is touched: the phone retries after a few seconds.
        InteractionAdmission.Decision admitted = admission.admit(request.remoteAddress(), clock.instant());
        if (!admitted.admitted()) {
            log.debug("overload: {}; shedding {}", admitted.refusal(), deviceId);
            metrics.overload("capacity");
            return done(cleanUp(m, "overload"));
        }
        if (admitted.evicted() != null) {
            store.find(admitted.evicted()).ifPresent(i -> abandon(i, "never answered; slot given to another address"));
        }
        InteractionAdmission.Ticket ticket = admitted.ticket();
        try {
            Instant now = clock.instant();
            MobilityHook hook = mobility;
            RegisterClient command = new RegisterClient(deviceId.value(), contactReason(m), reported(hook.clientItems(m)),
                    request.remoteAddress(), request.secureChannel(), now);
            return commands.register(command)
                    .thenCompose(outcome -> outcome.refusal() != null
                            ? afterRegistration(m, deviceId, outcome, request, ticket, MobilityHook.Step.NOTHING)
                            : hook.start(m, deviceId.value()).thenCompose(step ->
                                    afterRegistration(m, deviceId, outcome, request, ticket, step)))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            admission.released(ticket);
                        }
                    });
        } catch (RuntimeException e) {
            admission.released(ticket);
            throw e;
        }
    }

    /**
     * Whether a new first message may end the device's open interaction: on the same connection or cookie,
     * from the address the interaction came from (the phone rebooted), with the device's own certificate,
     * or once the interaction has been silent past the first-reply deadline (the phone went away).
     */
    private boolean mayReplace(Interaction open, WpiRequest request, DeviceId claimed) {
        if (find(request).map(i -> i.id().equals(open.id())).orElse(false)) {
            return true;
        }
        if (request.secureChannel() && claimed.value().equals(request.certifiedDevice())) {
            return true;
        }
        if (request.remoteAddress().equals(admission.addressOf(open.id()))) {
            return true;
        }
        return open.lastActivity().plus(firstReplyDeadline).isBefore(clock.instant());
    }

    private CompletableFuture<WpiResponse> afterRegistration(PhoneMessage m, DeviceId deviceId, RegistrationOutcome outcome,
                                          WpiRequest request, InteractionAdmission.Ticket ticket,
                                          MobilityHook.Step mobilityStep) {
        if (outcome.refusal() != null) {
            admission.released(ticket);
            WARNINGS.warn(log, "refused", "{} refused: {}", deviceId, outcome.refusal());
            return done(cleanUp(m, outcome.refusal()));
        }
        if (mobilityStep.refusal() != null) {
            admission.released(ticket);
            return done(cleanUp(m, mobilityStep.refusal()));
        }
        // Checked: only now may this contact end the device's previous interaction and count as its contact.
        find(request).or(() -> store.findByDevice(deviceId.value()))
                .ifPresent(stale -> abandon(stale, "phone started a new interaction"));
        String remote = request.remoteAddress();
        Instant now = clock.instant();
        contacts.contacted(deviceId.value(), now, remote);
        if (m.reason() == org.deskfleet.wpi.codec.Reason.START_UP) {
            // Jobs that restart the phone are done only now (and software only with the version it reports).
            work.startedUp(deviceId.value(), m.item("software-version").orElse(null));
        }
        List<Outgoing> plan = new ArrayList<>(mobilityStep.messages());
        if (outcome.needsFullRead()) {
            plan.add(new Outgoing(Action.READ_ALL_ITEMS, List.of(), Purpose.INVENTORY));
        }
        // Polling settings do not survive a restart on the phone: give them again at every start-up.
        if (m.reason() == org.deskfleet.wpi.codec.Reason.START_UP) {
            Optional<List<WpiItem>> polling = dcmp.startUpItems(m.items(), remote);
            polling.ifPresent(items -> plan.add(new Outgoing(Action.WRITE_ITEMS, items, Purpose.INVENTORY)));
            if (polling.isEmpty()) {
                // Started up and told nothing about polling: from now on it is reached directly (back to DIRECT).
                accessModes.observed(deviceId.value(), false, now);
            }
        }
        Firmware firmware = Firmware.of(m.item("device-type").orElse(null), m.item("software-version").orElse(null));
        Interaction i = Interaction.open(newSessionId(), deviceId.value(), m.reason(), firmware, m.maxItems(), plan, now);
        if (request.secureChannel()) {
            i = i.onSecureChannel();
        }
        CompletableFuture<WpiResponse> response = next(i, m, true); // if this throws, the caller releases the ticket
        if (store.find(i.id()).isPresent()) {
            admission.opened(ticket, i.id(), clock.instant());
        } else {
            admission.released(ticket); // answered with CleanUp (or Restart) at once: nothing stays open
        }
        return response;
    }

    /** A file-deployment result inside its interaction; without one it opens an interaction of its own. */
    private CompletableFuture<WpiResponse> status(PhoneMessage m, WpiRequest request) {
        Optional<Interaction> open = find(request);
        if (open.isEmpty() || open.get().awaiting() == null || open.get().awaiting().action() != Action.FILE_DEPLOYMENT) {
            open.ifPresent(i -> abandon(i, "status outside a file deployment"));
            return firstMessage(m, request);
        }
        Interaction i = open.get();
        boolean ok = m.item("file-deployment-status").map(s -> s.strip().equalsIgnoreCase("ok")).orElse(false);
        Instant now = clock.instant();
        RecordReportedItems command = new RecordReportedItems(i.deviceId(), ContactReason.STATUS, reported(m.items()), false, now);
        return commands.recordItems(command).thenCompose(v -> {
            Interaction answered = i.answered(List.of(), m.items(), now);
            if (answered.job() != null) {
                CompletableFuture<Void> recorded = finish(answered, ok ? JobOutcome.Status.ACCEPTED : JobOutcome.Status.FAILED,
                        "file-deployment-status " + m.item("file-deployment-status").orElse("missing"));
                return next(answered.jobDone(now), m, false, recorded);
            }
            return next(answered, m, false);
        });
    }

    // ------------------------------------------------------------ replies

    private CompletableFuture<WpiResponse> replyTo(PhoneMessage m, WpiRequest request) {
        Interaction i = find(request).orElse(null);
        if (i == null) {
            WARNINGS.warn(log, "no-interaction", "reply-to from {} without an open interaction", request.remoteAddress());
            return done(cleanUp(m, "no interaction in progress"));
        }
        admission.answered(i.id());
        Action answered = m.answeredAction().orElse(null);
        if (!(i.exchange() instanceof Interaction.Exchange.Awaiting awaited) || answered != awaited.message().action()) {
            WARNINGS.warn(log, "unexpected", "reply-to {} from {} while awaiting {}", m.replyAction(), i.deviceId(),
                    i.awaiting() == null ? "nothing" : i.awaiting().action());
            abandon(i, "unexpected reply");
            return done(cleanUp(m, "unexpected reply"));
        }
        Instant now = clock.instant();
        if (m.replyStatus() == ReplyStatus.BUSY) {
            return done(busy(i, m));
        }
        if (m.replyStatus() != ReplyStatus.ACCEPTED) {
            WARNINGS.info(log, "answer", "phone {} answered {} with {}", i.deviceId(), answered, m.replyStatus());
            if (i.awaiting().purpose().forJob()) {
                CompletableFuture<Void> recorded = finish(i, JobOutcome.Status.FAILED, "phone answered " + answered.wire() + " with "
                        + (m.replyStatus() == null ? "no status" : m.replyStatus().wire()));
                return next(i.jobDone(now), m, false, recorded);
            }
            return next(i.answered(List.of(), List.of(), now), m, false);
        }
        Interaction gathered = i.withFragment(m.items(), now);
        if (gathered.fragments().size() > MAX_FRAGMENTED_ITEMS) {
            abandon(i, "too many items");
            WARNINGS.warn(log, "items", "phone {} sent more than {} items; interaction ended", i.deviceId(), MAX_FRAGMENTED_ITEMS);
            return done(cleanUp(m, "too many items"));
        }
        // Items are capped in number, values in length; together they must also stay small in bytes, or one
        // interaction could gather hundreds of megabytes and turn them into one event.
        long bytes = heapBytes(gathered.fragments()) + heapBytes(gathered.reported());
        if (bytes > maxBytes) {
            abandon(i, "too much data");
            WARNINGS.warn(log, "bytes", "phone {} sent more than {} bytes in one interaction; interaction ended",
                    i.deviceId(), maxBytes);
            return done(cleanUp(m, "too much data: more than " + maxBytes + " bytes of items in one interaction"));
        }
        if (m.fragment() == Fragment.NEXT) {
            store.save(gathered);
            return done(send(m, ServiceMessage.of(m.nonce(), Action.GET_NEXT_FRAGMENT), gathered.id(), false));
        }
        List<WpiItem> items = gathered.fragments();
        if (i.awaiting().purpose() == Purpose.JOB_CHECKPOINT && i.job() != null) {
            return checkpoint(i, answered, items, m, now);
        }
        if (i.awaiting().purpose() == Purpose.MOBILITY) {
            return mobility.replied(i.deviceId(), answered, items).thenCompose(step -> {
                if (step.refusal() != null) {
                    abandon(i, step.refusal());
                    return done(cleanUp(m, step.refusal()));
                }
                return next(i.answered(List.of(), List.of(), now).queuedFirst(step.messages(), now), m, false);
            });
        }
        return switch (answered) {
            case READ_ALL_ITEMS, READ_ITEMS -> {
                boolean complete = answered == Action.READ_ALL_ITEMS;
                RecordReportedItems command = new RecordReportedItems(i.deviceId(),
                        complete ? ContactReason.READ_ALL_ITEMS : ContactReason.READ_ITEMS, reported(items), complete, now);
                boolean forJob = i.awaiting().purpose() == Purpose.JOB;
                yield commands.recordItems(command)
                        .thenCompose(v -> next(i.answered(List.of(), forJob ? items : List.of(), now), m, false));
            }
            // Items listed in an accepted WriteItems reply are the ones the phone refused (guide 3.6.4).
            case WRITE_ITEMS -> {
                List<WpiItem> refused = items.stream().filter(it -> it.status() != null).toList();
                if (tookPollingSettings(i.awaiting(), refused)) {
                    accessModes.observed(i.deviceId(), true, now);
                }
                yield next(i.answered(refused, List.of(), now), m, false);
            }
            default -> next(i.answered(List.of(), items, now), m, false);
        };
    }

    /**
     * A checkpoint of the job was accepted: the job's source says what follows (more steps, sent first) or
     * that the job failed. What the phone answered is the job's: read items are not recorded on the client.
     */
    private CompletableFuture<WpiResponse> checkpoint(Interaction i, Action answered, List<WpiItem> items, PhoneMessage m,
                                                      Instant now) {
        List<WpiItem> refused = answered == Action.WRITE_ITEMS
                ? items.stream().filter(it -> it.status() != null).toList() : List.of();
        Interaction took = i.answered(refused, List.of(), now);
        return work.checkpoint(i.deviceId(), i.job(), answered, items).thenCompose(cp -> {
            String failure = cp.failure();
            if (failure == null && secretsOnlyInSecureMode && !i.secure() && !cp.then().isEmpty()
                    && carriesSecrets(new DeviceJob(i.job().jobId(), cp.then()))) {
                // What a checkpoint decided is held to the same rule as what the job carried from the start.
                failure = "the job carries secret values, which are sent to phones in Secure Mode only";
            }
            if (failure != null) {
                CompletableFuture<Void> recorded = finish(took, JobOutcome.Status.FAILED, failure);
                return next(took.jobDone(now), m, false, recorded);
            }
            return next(cp.then().isEmpty() ? took : took.continuedWith(cp.then(), expand(cp.then(), i.maxItems()), now), m, false);
        });
    }

    /** Our polling settings, written in this interaction and accepted without refusing them: the phone polls now. */
    private static boolean tookPollingSettings(Outgoing sent, List<WpiItem> refused) {
        return sent.purpose() == Purpose.INVENTORY
                && sent.items().stream().anyMatch(it -> it.name().equals(DcmpPolicy.URL_ITEM))
                && refused.stream().noneMatch(it -> it.name().equals(DcmpPolicy.URL_ITEM));
    }

    /**
     * The phone is in a call. The job stays pending; a phone that can is asked to come back by itself when
     * idle ({@code send-solicited}, V3R3+), others are contacted again later (wpi-protocol §7.5).
     */
    private WpiResponse busy(Interaction i, PhoneMessage m) {
        forget(i.id());
        if (i.jobPhase() instanceof Interaction.JobPhase.Serving serving) {
            work.deferred(i.deviceId(), serving.job().jobId(), "busy");
        }
        WARNINGS.info(log, "busy", "phone {} is busy; {} pending", i.deviceId(), i.job() == null ? "nothing" : "job " + i.job().jobId());
        return end(i, m, false);
    }

    // ------------------------------------------------------------ choosing what comes next

    /**
     * What the phone gets next: the next queued message, the next job, or CleanUp. A job ended on the way (its
     * last answer came, or a Restart goes out) is answered only once its result is stored.
     */
    private CompletableFuture<WpiResponse> next(Interaction i, PhoneMessage m, boolean newSession) {
        return next(i, m, newSession, CompletableFuture.completedFuture(null));
    }

    private CompletableFuture<WpiResponse> next(Interaction i, PhoneMessage m, boolean newSession, CompletableFuture<Void> ended) {
        Instant now = clock.instant();
        Interaction current = i;
        CompletableFuture<Void> recorded = ended;
        while (true) {
            if (!current.queue().isEmpty()) {
                Interaction sending = current.sendNext(now);
                Outgoing o = sending.awaiting();
                ServiceMessage message = new ServiceMessage(m.nonce(), o.action(), o.items());
                if (o.action() == Action.RESTART) {
                    // No answer follows a Restart: the phone reboots and starts a new interaction.
                    if (sending.job() != null) {
                        recorded = CompletableFuture.allOf(recorded, finish(sending, JobOutcome.Status.DELIVERED, "restart sent"));
                    }
                    forget(sending.id());
                    return after(recorded, send(m, message, null, false));
                }
                store.save(sending);
                return after(recorded, send(m, message, sending.id(), newSession));
            }
            if (current.jobPhase() instanceof Interaction.JobPhase.Serving) {
                recorded = CompletableFuture.allOf(recorded, finish(current, outcomeOf(current), null));
                current = current.jobDone(now);
            }
            if (current.jobPhase() instanceof Interaction.JobPhase.NotYet) {
                Optional<DeviceJob> job = work.next(current.deviceId());
                if (job.isPresent() && secretsOnlyInSecureMode && !current.secure() && carriesSecrets(job.get())) {
                    // Default mode proves nothing about who is at the other end: a secret stays here.
                    current = current.serving(job.get(), List.of(), now);
                    recorded = CompletableFuture.allOf(recorded, finish(current, JobOutcome.Status.FAILED,
                            "the job carries secret values, which are sent to phones in Secure Mode only"));
                    current = current.jobDone(now);
                    continue;
                }
                if (job.isPresent()) {
                    current = current.serving(job.get(), expand(job.get(), current.maxItems()), now);
                    continue;
                }
            }
            forget(current.id());
            return after(recorded, end(current, m, newSession));
        }
    }

    /** What items cost on the heap at most: two bytes per character of names and values. */
    static long heapBytes(List<WpiItem> items) {
        long n = 0;
        for (WpiItem it : items) {
            n += 2L * (it.name().length() + (it.value() == null ? 0 : it.value().length()));
        }
        return n;
    }

    private static boolean carriesSecrets(DeviceJob job) {
        return job.steps().stream().flatMap(s -> s.items().stream()).anyMatch(it -> SecretItems.isSecret(it.name()));
    }

    private static JobOutcome.Status outcomeOf(Interaction i) {
        boolean deferredResult = i.job().steps().stream().anyMatch(s -> s.action() == Action.SOFTWARE_DEPLOYMENT);
        if (deferredResult) {
            return JobOutcome.Status.DELIVERED;
        }
        return i.rejected().isEmpty() ? JobOutcome.Status.ACCEPTED : JobOutcome.Status.PARTIAL;
    }

    /** Ends the job served in {@code i}; completes once its result is stored (or could not be, or took too long). */
    private CompletableFuture<Void> finish(Interaction i, JobOutcome.Status status, String detail) {
        work.finished(i.deviceId(), i.job(), new JobOutcome(status, detail, i.rejected(), i.reported()));
        return work.recorded(i.deviceId(), i.job().jobId())
                .orTimeout(RECORDING_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((v, e) -> null);
    }

    /**
     * How long a phone's answer waits for the result it ends to be stored. Longer than a store commit under load,
     * shorter than a phone's patience; past it the phone is answered anyway (the target is then pending again
     * only if the result is lost too).
     */
    static final java.time.Duration RECORDING_WAIT = java.time.Duration.ofSeconds(10);

    /** {@code response} once {@code recorded} completes: a phone is told "done" only for results that are stored. */
    private static CompletableFuture<WpiResponse> after(CompletableFuture<Void> recorded, WpiResponse response) {
        return recorded.isDone() ? done(response) : recorded.thenApply(v -> response);
    }

    /** Splits each step to fit the phone's maxItems and the 50 kB limit. */
    static List<Outgoing> expand(DeviceJob job, int maxItems) {
        return expand(job.steps(), maxItems);
    }

    static List<Outgoing> expand(List<DeviceJob.Step> steps, int maxItems) {
        List<Outgoing> out = new ArrayList<>();
        for (DeviceJob.Step step : steps) {
            boolean splittable = step.action() == Action.WRITE_ITEMS || step.action() == Action.READ_ITEMS;
            if (step.checkpoint()) {
                // Whole: its one answer is what the checkpoint decides on.
                out.add(new Outgoing(step.action(), step.items(), Purpose.JOB_CHECKPOINT));
            } else if (splittable) {
                for (List<WpiItem> part : ItemSplitter.split(step.items(), maxItems, ItemSplitter.MAX_BYTES)) {
                    out.add(new Outgoing(step.action(), part, Purpose.JOB));
                }
            } else {
                out.add(new Outgoing(step.action(), step.items(), Purpose.JOB));
            }
        }
        return out;
    }

    /** CleanUp; with send-solicited while more work waits and the firmware can reconnect by itself. */
    private WpiResponse end(Interaction i, PhoneMessage m, boolean newSession) {
        List<WpiItem> items = work.hasPending(i.deviceId()) && i.firmware().supportsSendSolicited()
                ? List.of(WpiItem.of("send-solicited", "true"))
                : List.of();
        return send(m, new ServiceMessage(m.nonce(), Action.CLEAN_UP, items), null, false);
    }

    private void forget(String interactionId) {
        store.remove(interactionId);
        admission.closed(interactionId);
    }

    private void abandon(Interaction i, String why) {
        forget(i.id());
        if (i.jobPhase() instanceof Interaction.JobPhase.Serving serving) {
            work.deferred(i.deviceId(), serving.job().jobId(), why);
        }
    }

    private WpiResponse failed(PhoneMessage m, WpiRequest request, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof java.util.concurrent.RejectedExecutionException) {
            // The dispatch queue is full: nothing was done, the phone retries as after any overload.
            WARNINGS.warn(log, "dispatch", "dispatch queue full: {} from {} told overload", m.rawReason(),
                    request.remoteAddress());
            find(request).ifPresent(i -> abandon(i, "server overloaded"));
            return cleanUp(m, "overload");
        }
        log.error("could not process {} from {}: {}", LogGuard.escape(String.valueOf(m.rawReason())),
                request.remoteAddress(), LogGuard.escape(cause.toString()), cause);
        find(request).ifPresent(i -> abandon(i, "server error"));
        // Nothing was acknowledged: the phone is told to end, and reports again on its next contact.
        return cleanUp(m, "temporarily unavailable");
    }

    // ------------------------------------------------------------ helpers

    /** The cookie first; a phone that lost it is still recognised by its connection. */
    private Optional<Interaction> find(WpiRequest request) {
        return store.find(request.cookieSession()).or(() -> store.find(request.connectionSession()));
    }

    private WpiResponse cleanUp(PhoneMessage m, String reason) {
        return send(m, ServiceMessage.cleanUp(m.nonce(), reason), null, false);
    }

    private WpiResponse send(PhoneMessage m, ServiceMessage answer, String session, boolean newSession) {
        return WpiResponse.xml(codec.writeServiceMessage(answer), session, newSession && session != null);
    }

    private static CompletableFuture<WpiResponse> done(WpiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private String newSessionId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static ContactReason contactReason(PhoneMessage m) {
        return switch (m.reason()) {
            case LOCAL_CHANGES -> ContactReason.LOCAL_CHANGES;
            case INVENTORY_CHANGES -> ContactReason.INVENTORY_CHANGES;
            case SOLICITED -> ContactReason.SOLICITED;
            case STATUS -> ContactReason.STATUS;
            default -> ContactReason.START_UP;
        };
    }

    private static List<ReportedItem> reported(List<WpiItem> items) {
        return items.stream().map(i -> new ReportedItem(i.name(), i.index(), i.value(), i.status())).toList();
    }
}
