package org.deskfleet.wpi.server.interaction;

import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.ContactRecorder;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Fragment;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiDecodeException;
import org.deskfleet.wpi.codec.WpiItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WPI conversation, free of Netty: decode the phone's message, move the interaction on, turn what the
 * phone reported into commands, and pick the next action. The phone is answered only after its data is in
 * the event store, so nothing it was told was received can be lost.
 */
public final class InteractionEngine {

    private static final Logger log = LoggerFactory.getLogger(InteractionEngine.class);
    /** A fragmented item list may not grow without bound across GetNextFragment rounds. */
    private static final int MAX_FRAGMENTED_ITEMS = 20_000;

    private final WpiCodec codec;
    private final InteractionStore store;
    private final ClientCommands commands;
    private final ContactRecorder contacts;
    private final Clock clock;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    public InteractionEngine(WpiCodec codec, InteractionStore store, ClientCommands commands,
                             ContactRecorder contacts, Clock clock, int maxInFlight) {
        this.codec = codec;
        this.store = store;
        this.commands = commands;
        this.contacts = contacts;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
    }

    public CompletableFuture<WpiResponse> handle(WpiRequest request) {
        PhoneMessage message;
        try {
            message = codec.readPhoneMessage(request.body());
        } catch (WpiDecodeException e) {
            log.warn("rejected WPI message from {}: {}: {}", request.remoteAddress(), e.problem(), e.getMessage());
            int status = e.problem() == WpiDecodeException.Problem.TOO_LARGE ? 413 : 400;
            return CompletableFuture.completedFuture(
                    WpiResponse.error(status, "WPI message rejected (" + e.problem() + "): " + e.getMessage()));
        }
        // Load shedding as the commercial DLS does it: answer at once, touch nothing; the phone retries.
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            log.debug("overload: {} interactions in flight, shedding {}", maxInFlight, request.remoteAddress());
            return CompletableFuture.completedFuture(cleanUp(message, "overload", null));
        }
        CompletableFuture<WpiResponse> answer;
        try {
            answer = dispatch(message, request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer
                .exceptionally(e -> failed(message, request, e))
                .whenComplete((r, e) -> inFlight.decrementAndGet());
    }

    public int inFlight() {
        return inFlight.get();
    }

    private CompletableFuture<WpiResponse> dispatch(PhoneMessage m, WpiRequest request) {
        return switch (m.reason()) {
            case START_UP, SOLICITED, LOCAL_CHANGES, INVENTORY_CHANGES -> firstMessage(m, request);
            case STATUS -> status(m, request);
            case REPLY_TO -> replyTo(m, request);
            case CLEAN_UP -> {
                String id = sessionOf(request);
                log.info("phone ended interaction {}: {}", id, m.item("cleanup-reason").orElse("no reason given"));
                store.remove(id);
                yield done(cleanUp(m, null, null));
            }
            case UNKNOWN -> {
                log.warn("unknown reason-for-contact '{}' from {}", m.rawReason(), request.remoteAddress());
                store.remove(sessionOf(request));
                yield done(cleanUp(m, "unsupported reason-for-contact", null));
            }
        };
    }

    /** A new interaction: any cookie the phone presents is stale by definition (FIELD-NOTES 1). */
    private CompletableFuture<WpiResponse> firstMessage(PhoneMessage m, WpiRequest request) {
        DeviceId deviceId;
        try {
            deviceId = DeviceId.parse(m.item("mac-addr").orElse(null));
        } catch (IllegalArgumentException e) {
            log.warn("{} from {} without a usable mac-addr: {}", m.rawReason(), request.remoteAddress(), e.getMessage());
            return done(cleanUp(m, "missing or invalid mac-addr", null));
        }
        store.remove(request.cookieSession());
        Instant now = clock.instant();
        contacts.contacted(deviceId.value(), now, request.remoteAddress());
        RegisterClient command = new RegisterClient(deviceId.value(), contactReason(m.reason()), reported(m.items()),
                request.remoteAddress(), now);
        return commands.register(command).thenApply(outcome -> afterRegistration(m, deviceId, outcome, now));
    }

    private WpiResponse afterRegistration(PhoneMessage m, DeviceId deviceId, RegistrationOutcome outcome, Instant now) {
        if (outcome.needsFullRead()) {
            Interaction interaction = new Interaction(newSessionId(), deviceId.value(), m.reason(), Action.READ_ALL_ITEMS,
                    List.of(), now, now);
            store.save(interaction);
            return send(m, ServiceMessage.of(m.nonce(), Action.READ_ALL_ITEMS), interaction.id(), true);
        }
        return cleanUp(m, null, null);
    }

    /** A file-deployment result: inside its interaction when the cookie still matches, otherwise on its own. */
    private CompletableFuture<WpiResponse> status(PhoneMessage m, WpiRequest request) {
        String id = sessionOf(request);
        store.remove(id);
        if (m.item("mac-addr").isPresent()) {
            return firstMessage(m, request).thenApply(r -> r);
        }
        return done(cleanUp(m, null, null));
    }

    private CompletableFuture<WpiResponse> replyTo(PhoneMessage m, WpiRequest request) {
        String id = sessionOf(request);
        // The cookie first; a phone that lost it is still recognised by its connection.
        Interaction interaction = store.find(request.cookieSession())
                .or(() -> store.find(request.connectionSession())).orElse(null);
        if (interaction == null) {
            log.warn("reply-to from {} without an open interaction (session {})", request.remoteAddress(), id);
            return done(cleanUp(m, "no interaction in progress", null));
        }
        Action answered = m.answeredAction().orElse(null);
        if (interaction.awaiting() == null || answered != interaction.awaiting()) {
            log.warn("reply-to {} from {} while awaiting {}", m.replyAction(), interaction.deviceId(), interaction.awaiting());
            store.remove(interaction.id());
            return done(cleanUp(m, "unexpected reply", null));
        }
        if (m.replyStatus() != ReplyStatus.ACCEPTED) {
            log.info("phone {} answered {} with {}", interaction.deviceId(), answered, m.replyStatus());
            store.remove(interaction.id());
            return done(cleanUp(m, null, null));
        }
        Instant now = clock.instant();
        Interaction gathered = interaction.withFragment(m.items(), now);
        if (gathered.fragments().size() > MAX_FRAGMENTED_ITEMS) {
            store.remove(interaction.id());
            log.warn("phone {} sent more than {} items; interaction ended", interaction.deviceId(), MAX_FRAGMENTED_ITEMS);
            return done(cleanUp(m, "too many items", null));
        }
        if (m.fragment() == Fragment.NEXT) {
            store.save(gathered);
            return done(send(m, ServiceMessage.of(m.nonce(), Action.GET_NEXT_FRAGMENT), gathered.id(), false));
        }
        if (answered == Action.READ_ALL_ITEMS || answered == Action.READ_ITEMS) {
            RecordReportedItems command = new RecordReportedItems(interaction.deviceId(),
                    answered == Action.READ_ALL_ITEMS ? ContactReason.READ_ALL_ITEMS : ContactReason.READ_ITEMS,
                    reported(gathered.fragments()), answered == Action.READ_ALL_ITEMS, now);
            return commands.recordItems(command).thenApply(v -> {
                store.remove(interaction.id());
                return cleanUp(m, null, null);
            });
        }
        store.remove(interaction.id());
        return done(cleanUp(m, null, null));
    }

    private WpiResponse failed(PhoneMessage m, WpiRequest request, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        log.error("could not process {} from {}: {}", m.rawReason(), request.remoteAddress(), cause.toString(), cause);
        store.remove(sessionOf(request));
        // Nothing was acknowledged: the phone is told to end, and will report again on its next contact.
        return cleanUp(m, "temporarily unavailable", null);
    }

    private WpiResponse cleanUp(PhoneMessage m, String reason, String session) {
        return send(m, ServiceMessage.cleanUp(m.nonce(), reason), session, false);
    }

    private WpiResponse send(PhoneMessage m, ServiceMessage answer, String session, boolean newSession) {
        return WpiResponse.xml(codec.writeServiceMessage(answer), session, newSession);
    }

    private static CompletableFuture<WpiResponse> done(WpiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private static String sessionOf(WpiRequest request) {
        return request.cookieSession() != null ? request.cookieSession() : request.connectionSession();
    }

    private String newSessionId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static ContactReason contactReason(Reason r) {
        return switch (r) {
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
