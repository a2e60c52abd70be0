package org.deskfleet.api.job;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.api.job.JobController.JobOptions;
import org.deskfleet.api.job.JobController.TargetSelection;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClients;
import org.deskfleet.kernel.client.FindClientsByIds;
import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.system.FindSystemSettings;
import org.deskfleet.kernel.system.SystemSettingsView;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Creates jobs for the API: resolves the targets (listed ids, each known, or a filter resolved now, as OSEM
 * does), takes timeout and lifetime from the system settings, sends {@code CreateJob}.
 */
@Component
public class JobCreator {

    /** When the system settings say nothing (OSEM Configuration > Other). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
    /** One job's targets at most; larger selections are split by the operator. */
    static final int MAX_TARGETS = 50_000;

    private final CommandGateway commands;
    private final QueryGateway queries;

    public JobCreator(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public CompletableFuture<Map<String, Object>> create(JobSpec spec, TargetSelection selection, JobOptions options,
                                                          Optional<String> actor) {
        JobOptions o = options == null ? new JobOptions(null, null, null) : options;
        Instant now = now();
        if (o.plannedAt() != null && o.plannedAt().isBefore(now.minusSeconds(5))) {
            throw new InvalidInput("planned execution time " + o.plannedAt() + " is in the past");
        }
        if (o.timeoutSeconds() != null && o.timeoutSeconds() < 1) {
            throw new InvalidInput("timeoutSeconds must be positive, got " + o.timeoutSeconds());
        }
        return resolve(selection).thenCompose(targets -> createFor(spec, targets, o, actor));
    }

    /** A job for targets already resolved (e.g. checked against what a template can serve). */
    public CompletableFuture<Map<String, Object>> createFor(JobSpec spec, List<JobTarget> resolved, JobOptions options,
                                                             Optional<String> actor) {
        JobOptions o = options == null ? new JobOptions(null, null, null) : options;
        Instant now = now();
        if (o.plannedAt() != null && o.plannedAt().isBefore(now.minusSeconds(5))) {
            throw new InvalidInput("planned execution time " + o.plannedAt() + " is in the past");
        }
        if (resolved.isEmpty()) {
            throw new InvalidInput("no targets: nothing was created");
        }
        String jobId = "job-" + UUID.randomUUID();
        return CompletableFuture.completedFuture(resolved).thenCombine(timing(), (targets, timing) -> {
            Duration timeout = o.timeoutSeconds() != null ? Duration.ofSeconds(o.timeoutSeconds()) : timing.get(0);
            return new CreateJob(jobId, spec, targets, o.plannedAt(), timeout, timing.get(1),
                    actor.orElse(Actors.DEFAULT), o.reason(), now);
        }).thenCompose(command -> commands.send(command).thenApply(r -> {
            Map<String, Object> created = new java.util.HashMap<>();
            created.put("jobId", jobId);
            created.put("type", spec.type());
            created.put("targetCount", command.targets().size());
            created.put("plannedAt", command.plannedAt() == null ? now : command.plannedAt());
            return created;
        }));
    }

    /** Listed device ids (each must be known) or a filter resolved now, as OSEM resolves it at creation. */
    public CompletableFuture<List<JobTarget>> resolve(TargetSelection s) {
        boolean listed = s != null && s.deviceIds() != null && !s.deviceIds().isEmpty();
        boolean filtered = s != null && s.filter() != null;
        if (listed == filtered) {
            throw new InvalidInput("give targets as deviceIds or as a filter (one of the two)");
        }
        if (listed) {
            Set<String> ids = new LinkedHashSet<>();
            for (String raw : s.deviceIds()) {
                ids.add(DeviceId.parse(raw).value());
            }
            if (ids.size() > MAX_TARGETS) {
                throw new InvalidInput("at most " + MAX_TARGETS + " targets per job, got " + ids.size());
            }
            // One query per 1,000 ids, not one per id: jobs go to thousands of phones.
            List<String> all = List.copyOf(ids);
            List<CompletableFuture<ClientPage>> pages = new ArrayList<>();
            for (int from = 0; from < all.size(); from += 1_000) {
                pages.add(queries.query(new FindClientsByIds(all.subList(from, Math.min(from + 1_000, all.size()))), ClientPage.class));
            }
            return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, ClientView> found = new java.util.HashMap<>();
                pages.forEach(p -> p.join().nodes().forEach(c -> found.put(c.deviceId(), c)));
                List<JobTarget> targets = new ArrayList<>();
                List<String> unknown = new ArrayList<>();
                for (String id : all) {
                    ClientView c = found.get(id);
                    if (c == null) {
                        unknown.add(id);
                    } else {
                        targets.add(target(c));
                    }
                }
                if (!unknown.isEmpty()) {
                    QuarantineCheck.refuseQuarantined(queries, unknown);
                    throw new InvalidInput("unknown device" + (unknown.size() == 1 ? " " : "s ")
                            + String.join(", ", unknown.stream().limit(10).toList())
                            + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "") + ": nothing was created");
                }
                return targets;
            });
        }
        ClientFilter f = s.filter();
        if (f.asksForQuarantined()) {
            throw new InvalidInput(QuarantineCheck.NO_TARGETS);
        }
        // Prefixes in any MAC spelling, as the client list takes them.
        ClientFilter filter = new ClientFilter(f.deviceType(), f.softwareType(), f.softwareVersion(), f.e164(),
                f.deviceIdPrefix() == null ? null : f.deviceIdPrefix().strip().toLowerCase(java.util.Locale.ROOT).replace('-', ':'),
                f.group());
        return page(filter, null, new ArrayList<>()).thenApply(targets -> {
            if (targets.isEmpty()) {
                throw new InvalidInput("no client matches the filter: nothing was created");
            }
            return targets;
        });
    }

    private CompletableFuture<List<JobTarget>> page(ClientFilter filter, String after, List<JobTarget> so) {
        return queries.query(new FindClients(filter, 500, after, false), ClientPage.class).thenCompose(p -> {
            p.nodes().forEach(c -> so.add(target(c)));
            if (so.size() > MAX_TARGETS) {
                throw new InvalidInput("the filter matches more than " + MAX_TARGETS + " clients");
            }
            return p.hasNextPage() ? page(filter, p.endCursor(), so) : CompletableFuture.completedFuture(so);
        });
    }

    /** Job timeout and lifetime from the system settings (OSEM Configuration > Other). */
    private CompletableFuture<List<Duration>> timing() {
        return queries.query(new FindSystemSettings(), SystemSettingsView.class).thenApply(view -> {
            Duration timeout = DEFAULT_TIMEOUT;
            Duration lifetime = DEFAULT_LIFETIME;
            for (SystemSettingsView.Setting s : view.settings()) {
                Long n = number(s.value());
                if (n == null || n <= 0) {
                    continue;
                }
                if (s.label().startsWith("Running job failure timeout")) {
                    timeout = Duration.ofSeconds(n);
                } else if (s.label().startsWith("Job lifetime")) {
                    lifetime = Duration.ofDays(n);
                }
            }
            return List.of(timeout, lifetime);
        }).exceptionally(e -> List.of(DEFAULT_TIMEOUT, DEFAULT_LIFETIME));
    }

    private static Long number(String v) {
        try {
            return v == null ? null : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JobTarget target(ClientView c) {
        return new JobTarget(c.deviceId(), c.e164(), c.deviceType(), c.softwareType(), c.softwareVersion());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
