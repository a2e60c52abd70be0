package org.deskfleet.api.mobility;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.MobilityAction;
import org.deskfleet.kernel.mobility.PlanMobilityAction;
import org.deskfleet.kernel.system.FindSystemSettings;
import org.deskfleet.kernel.system.SystemSettingsView;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Operator logon and logoff, now or planned. A logon needs a registered phone with mobility enabled (what it
 * reports, or what is set for it); the system's forced-logoff interval (OSEM 13.5) goes with every logon.
 */
@Component
public class MobilityActions {

    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(5);

    private final CommandGateway commands;
    private final QueryGateway queries;

    public MobilityActions(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public CompletableFuture<Map<String, Object>> logon(String e164, String deviceId, Instant plannedAt, String reason, String actor) {
        Instant now = now();
        return queries.query(new FindClient(deviceId), ResponseTypes.optionalInstanceOf(ClientView.class)).thenCompose(client -> {
            if (client.isEmpty()) {
                throw new InvalidInput("no client " + deviceId);
            }
            if (!mobilityEnabled(client.get())) {
                throw new Conflict("mobility is not enabled at " + deviceId
                        + " (general.mobility.mobility-enabled); no user can log on there");
            }
            if (plannedAt != null && plannedAt.isAfter(now)) {
                return commands.send(new PlanMobilityAction(e164, MobilityAction.LOGON, deviceId, plannedAt, actor, reason, now))
                        .thenApply(r -> result(e164, deviceId, "PLANNED", plannedAt));
            }
            return forcedLogoffSeconds().thenCompose(seconds -> commands.send(new LogOnMobileUser(e164, deviceId, null,
                            ChangeSource.ADMIN, actor, reason, now, seconds)))
                    .thenApply(r -> result(e164, deviceId, "DONE", null));
        });
    }

    public CompletableFuture<Map<String, Object>> logoff(String e164, Instant plannedAt, String reason, String actor) {
        Instant now = now();
        if (plannedAt != null && plannedAt.isAfter(now)) {
            return commands.send(new PlanMobilityAction(e164, MobilityAction.LOGOFF, null, plannedAt, actor, reason, now))
                    .thenApply(r -> result(e164, null, "PLANNED", plannedAt));
        }
        return commands.send(new LogOffMobileUser(e164, null, List.of(), ChangeSource.ADMIN, actor, reason, now))
                .thenApply(r -> result(e164, null, "DONE", null));
    }

    /** Null when the setting is not set (no forced logoff). */
    CompletableFuture<Long> forcedLogoffSeconds() {
        return queries.query(new FindSystemSettings(), SystemSettingsView.class)
                .thenApply(org.deskfleet.kernel.mobility.MobilitySettings::forcedLogoffSeconds);
    }

    static boolean mobilityEnabled(ClientView client) {
        boolean desired = client.desired().stream().anyMatch(d -> d.parameter().equals("general.mobility.mobility-enabled")
                && "true".equalsIgnoreCase(d.value()));
        boolean reported = client.items().stream().anyMatch(i -> i.name().equals("mobility-enabled") && "true".equalsIgnoreCase(i.value()));
        return desired || reported;
    }

    /** Waits, briefly and bounded, until the read model shows what a command just did. */
    <T> CompletableFuture<T> awaitProjection(Supplier<CompletableFuture<T>> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + PROJECTION_WAIT.toNanos();
        return poll(probe, done, deadline);
    }

    private <T> CompletableFuture<T> poll(Supplier<CompletableFuture<T>> probe, Predicate<T> done, long deadline) {
        return probe.get().thenCompose(v -> {
            if (done.test(v) || System.nanoTime() > deadline) {
                return CompletableFuture.completedFuture(v);
            }
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> poll(probe, done, deadline));
        });
    }

    private static Map<String, Object> result(String e164, String deviceId, String state, Instant plannedAt) {
        Map<String, Object> r = new HashMap<>();
        r.put("e164", e164);
        r.put("deviceId", deviceId);
        r.put("state", state);
        r.put("plannedAt", plannedAt);
        return r;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
