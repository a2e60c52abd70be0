package org.deskfleet.api.mobility;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.api.job.JobController;
import org.deskfleet.api.job.JobCreator;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.mobility.FindMobileUser;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Operator logon and logoff as jobs that reach the phone (docs/mobility.md, "Operator actions"), now or planned
 * (the job's {@code plannedAt}). Everything that can be checked is checked before the job exists, each with its
 * own error, and then nothing is created: the user is known, the phone is known and has mobility enabled (what
 * it reports, or what is set for it), the user is not logged on elsewhere (logon) or is logged on (logoff), a
 * plan is not in the past. The job checks the user again when it reaches the phone.
 */
@Component
public class MobilityActions {

    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(5);

    private final QueryGateway queries;
    private final JobCreator jobs;

    public MobilityActions(QueryGateway queries, JobCreator jobs) {
        this.queries = queries;
        this.jobs = jobs;
    }

    public CompletableFuture<Map<String, Object>> logon(String e164, String deviceId, Instant plannedAt, String reason, String actor) {
        refusePast(plannedAt);
        return user(e164).thenCombine(client(deviceId), (user, client) -> {
            if (!mobilityEnabled(client)) {
                throw new Conflict("mobility is not enabled at " + deviceId
                        + " (general.mobility.mobility-enabled); no user can log on there");
            }
            if (user.loggedOnAt() != null) {
                throw new Conflict(user.loggedOnAt().equals(deviceId)
                        ? "mobile user " + e164 + " is already logged on at " + deviceId
                        : "mobile user " + e164 + " is logged on at " + user.loggedOnAt() + "; log off there first");
            }
            return client;
        }).thenCompose(client -> create(new JobSpec.MobileUserLogon(e164, actor), client, plannedAt, reason, actor, e164));
    }

    public CompletableFuture<Map<String, Object>> logoff(String e164, Instant plannedAt, String reason, String actor) {
        refusePast(plannedAt);
        return user(e164).thenCompose(user -> {
            if (user.loggedOnAt() == null) {
                throw new Conflict("mobile user " + e164 + " is not logged on");
            }
            return client(user.loggedOnAt());
        }).thenCompose(client -> create(new JobSpec.MobileUserLogoff(e164, actor), client, plannedAt, reason, actor, e164));
    }

    private CompletableFuture<Map<String, Object>> create(JobSpec spec, ClientView client, Instant plannedAt, String reason,
                                                          String actor, String e164) {
        JobTarget target = new JobTarget(client.deviceId(), client.e164(), client.deviceType(), client.softwareType(),
                client.softwareVersion());
        return jobs.createFor(spec, List.of(target), new JobController.JobOptions(plannedAt, reason, null), Optional.of(actor))
                .thenApply(created -> {
                    Map<String, Object> r = new HashMap<>();
                    r.put("e164", e164);
                    r.put("deviceId", client.deviceId());
                    r.put("jobId", created.get("jobId"));
                    r.put("state", plannedAt == null ? "ACTIVE" : "CREATED");
                    r.put("plannedAt", created.get("plannedAt"));
                    return r;
                });
    }

    private static void refusePast(Instant plannedAt) {
        if (plannedAt != null && plannedAt.isBefore(now().minusSeconds(5))) {
            throw new InvalidInput("planned execution time " + plannedAt + " is in the past: nothing was created");
        }
    }

    private CompletableFuture<MobileUserView> user(String e164) {
        return queries.query(new FindMobileUser(e164), ResponseTypes.optionalInstanceOf(MobileUserView.class))
                .thenApply(u -> u.orElseThrow(() -> new Conflict("unknown mobile user " + e164)));
    }

    private CompletableFuture<ClientView> client(String deviceId) {
        return queries.query(new FindClient(deviceId), ResponseTypes.optionalInstanceOf(ClientView.class))
                .thenApply(c -> c.orElseThrow(() -> new InvalidInput("no client " + deviceId + ": nothing was created")));
    }

    static boolean mobilityEnabled(ClientView client) {
        boolean desired = client.desired().stream().anyMatch(d -> d.parameter().equals("general.mobility.mobility-enabled")
                && "true".equalsIgnoreCase(d.value()));
        boolean reported = client.items().stream().anyMatch(i -> i.name().equals("mobility-enabled") && "true".equalsIgnoreCase(i.value()));
        return desired || reported;
    }

    /** Waits, briefly and bounded, until the read model shows what a command just did. */
    <T> CompletableFuture<T> awaitProjection(Supplier<CompletableFuture<T>> probe, Predicate<T> done) {
        return org.deskfleet.api.ReadModelWait.until(probe, done, PROJECTION_WAIT);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
