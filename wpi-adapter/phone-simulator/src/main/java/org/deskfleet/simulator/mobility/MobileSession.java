package org.deskfleet.simulator.mobility;

import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A mobile user at a simulated phone, as the phone says it over WPI (the project's docs/mobility.md):
 * logon is {@code inventory-changes} with {@code sip-mobility-state} 2 and the typed number and password,
 * then the phone restarts its services ({@code start-up}) and asks for the user's files with
 * {@code requested-items}; logoff is {@code inventory-changes} with {@code modified-items}, then the phone
 * drops the user's files and starts up again. Each step is one interaction; all traces are kept.
 */
public final class MobileSession {

    /** The user-data files a phone asks for after a logon. */
    public static final List<String> USER_DATA = List.of("userdata-vu1", "userdata-call-log", "userdata-ring-tone",
            "userdata-phonebook", "userdata-call-group", "userdata-voice-record", "userdata-picture",
            "userdata-ring-tone-mp3", "userdata-screensaver", "userdata-ldap");

    private final PhoneSimulator simulator;

    public MobileSession(PhoneSimulator simulator) {
        this.simulator = simulator;
    }

    /** What one logon or logoff took: every interaction, and the server's refusal if it refused. */
    public record Outcome(List<InteractionTrace> traces, String refusal, Duration took) {
        public boolean ok() {
            return refusal == null && traces.stream().allMatch(InteractionTrace::ok);
        }

        public String failure() {
            if (refusal != null) {
                return refusal;
            }
            return traces.stream().filter(t -> !t.ok()).findFirst().map(t -> String.valueOf(t.failure())).orElse(null);
        }
    }

    /** A phone with mobility enabled, as an operator or a template would have set it. */
    public static void enableMobility(SimulatedPhone phone) {
        phone.setItem("mobility-enabled", "true");
    }

    /** The user types number and password at the phone. */
    public CompletableFuture<Outcome> logon(SimulatedPhone phone, String e164, String password) {
        long start = System.nanoTime();
        List<InteractionTrace> traces = new ArrayList<>();
        phone.announce(List.of(WpiItem.of("sip-mobility-state", "2"), WpiItem.of("e164", e164), WpiItem.of("user-pwd", password)));
        return step(phone, Reason.INVENTORY_CHANGES, traces).thenCompose(logon -> {
            phone.announce(List.of());
            phone.takeMobileUserArrival();  // this session asks for the files itself, below
            Optional<String> refused = refusal(logon);
            if (refused.isPresent() || !logon.ok()) {
                return done(traces, refused.orElse(null), start);
            }
            // The phone restarts its services with the user's settings, then asks for the user's files.
            return step(phone, Reason.START_UP, traces).thenCompose(up -> {
                phone.announce(List.of(WpiItem.of("requested-items", String.join(",", USER_DATA))));
                return step(phone, Reason.INVENTORY_CHANGES, traces);
            }).thenCompose(files -> {
                phone.announce(List.of());
                return done(traces, refusal(files).orElse(null), start);
            });
        });
    }

    /** The user logs off: the phone names the files the user has there; afterwards it forgets them. */
    public CompletableFuture<Outcome> logoff(SimulatedPhone phone) {
        long start = System.nanoTime();
        List<InteractionTrace> traces = new ArrayList<>();
        List<String> files = phone.allItems().stream().map(WpiItem::name).filter(n -> n.startsWith("userdata-")).distinct().toList();
        phone.announce(List.of(WpiItem.of("configuration-changed-flag", "true"), WpiItem.of("sip-mobility-state", "2"),
                WpiItem.of("modified-items", String.join(",", files))));
        return step(phone, Reason.INVENTORY_CHANGES, traces).thenCompose(logoff -> {
            phone.announce(List.of());
            Optional<String> refused = refusal(logoff);
            if (refused.isPresent() || !logoff.ok()) {
                return done(traces, refused.orElse(null), start);
            }
            phone.removeItems("userdata-");
            return step(phone, Reason.START_UP, traces).thenCompose(up -> done(traces, null, start));
        });
    }

    /** The user changes a setting at the phone's menu: a {@code local-changes} report carrying it. */
    public CompletableFuture<InteractionTrace> localChange(SimulatedPhone phone, String item, String value) {
        phone.setItem(item, value);
        phone.announce(List.of(WpiItem.of(item, value)));
        return simulator.interact(phone, Reason.LOCAL_CHANGES).whenComplete((t, e) -> phone.announce(List.of()));
    }

    private CompletableFuture<InteractionTrace> step(SimulatedPhone phone, Reason reason, List<InteractionTrace> traces) {
        return simulator.interact(phone, reason).thenApply(t -> {
            traces.add(t);
            return t;
        });
    }

    /** A CleanUp whose reason says the mobility request was refused. */
    private static Optional<String> refusal(InteractionTrace t) {
        return t.finalCleanupReason().filter(r -> r.contains("refused") || r.contains("no mobile user"));
    }

    private static CompletableFuture<Outcome> done(List<InteractionTrace> traces, String refusal, long start) {
        return CompletableFuture.completedFuture(new Outcome(List.copyOf(traces), refusal, Duration.ofNanos(System.nanoTime() - start)));
    }
}
