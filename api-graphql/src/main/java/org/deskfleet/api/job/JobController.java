package org.deskfleet.api.job;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.kernel.client.FindClients;
import org.deskfleet.kernel.client.FindClientsByIds;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.DeleteJob;
import org.deskfleet.kernel.job.FindJob;
import org.deskfleet.kernel.job.FindJobs;
import org.deskfleet.kernel.job.JobPage;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobType;
import org.deskfleet.kernel.job.JobUpdate;
import org.deskfleet.kernel.job.JobView;
import org.deskfleet.kernel.job.WatchJob;
import org.deskfleet.kernel.system.FindSystemSettings;
import org.deskfleet.kernel.system.SystemSettingsView;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

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

/** Jobs over GraphQL: the client actions that create them (OSEM 4.5), the job list and details, live progress. */
@Controller
public class JobController {

    /** When the system settings say nothing (OSEM Configuration > Other). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
    /** One job's targets at most; larger selections are split by the operator. */
    static final int MAX_TARGETS = 50_000;

    private final CommandGateway commands;
    private final QueryGateway queries;

    public JobController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record TargetSelection(List<String> deviceIds, ClientFilter filter) {
    }

    public record JobOptions(Instant plannedAt, String reason, Integer timeoutSeconds) {
    }

    public record ParameterInput(String parameter, Integer index, String value) {
    }

    public record FileInput(String fileType, String url, String name) {
    }

    public record SoftwareInput(String url, String softwareType, String version, Boolean immediate) {
    }

    public record JobFilter(JobStatus state, JobType type, Instant executedAfter, Instant executedBefore) {
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> submitConfiguration(@Argument TargetSelection targets,
                                                                     @Argument List<ParameterInput> changes,
                                                                     @Argument JobOptions options,
                                                                     @ContextValue Optional<String> actor) {
        if (changes == null || changes.isEmpty()) {
            throw new IllegalArgumentException("no changes given");
        }
        for (ParameterInput c : changes) {
            if (c.value() == null) {
                throw new IllegalArgumentException("parameter " + c.parameter() + ": a value is needed to deliver it");
            }
        }
        return create(new JobSpec.Configure(changes.stream().map(c -> new ParameterValue(c.parameter(), c.index(), c.value())).toList()),
                targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> refreshClients(@Argument TargetSelection targets, @Argument JobOptions options,
                                                                @ContextValue Optional<String> actor) {
        return create(new JobSpec.RefreshData(), targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> restartClients(@Argument TargetSelection targets, @Argument JobOptions options,
                                                                @ContextValue Optional<String> actor) {
        return create(new JobSpec.Restart(), targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> resetClients(@Argument TargetSelection targets, @Argument Boolean keepCertificates,
                                                              @Argument JobOptions options, @ContextValue Optional<String> actor) {
        return create(new JobSpec.FactoryReset(Boolean.TRUE.equals(keepCertificates)), targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> deployFiles(@Argument TargetSelection targets, @Argument List<FileInput> files,
                                                             @Argument JobOptions options, @ContextValue Optional<String> actor) {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("no files given");
        }
        for (FileInput f : files) {
            requireHttps(f.url(), "file URL");
        }
        return create(new JobSpec.DeployFiles(files.stream().map(f -> new JobSpec.FileRef(f.fileType(), f.url(), f.name())).toList()),
                targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> deploySoftware(@Argument TargetSelection targets, @Argument SoftwareInput software,
                                                                @Argument JobOptions options, @ContextValue Optional<String> actor) {
        requireHttps(software.url(), "software image URL");
        if (software.version() == null || software.version().isBlank()) {
            throw new IllegalArgumentException("the target software version is required: success is judged by it");
        }
        return create(new JobSpec.DeploySoftware(software.url(), software.softwareType(), software.version().strip(),
                Boolean.TRUE.equals(software.immediate())), targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<List<String>> deleteJobs(@Argument List<String> ids, @ContextValue Optional<String> actor) {
        Instant now = now();
        List<CompletableFuture<String>> deleted = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            deleted.add(commands.send(new DeleteJob(id, actor.orElse(Actors.DEFAULT), now)).thenApply(r -> id));
        }
        return CompletableFuture.allOf(deleted.toArray(CompletableFuture[]::new))
                .thenApply(v -> deleted.stream().map(CompletableFuture::join).toList());
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> jobs(@Argument JobFilter filter, @Argument FindJobs.Sort sort,
                                                      @Argument Integer first, @Argument String after) {
        JobFilter f = filter == null ? new JobFilter(null, null, null, null) : filter;
        int size = first == null ? 50 : first;
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("first must be between 1 and 500, got " + size);
        }
        return queries.query(new FindJobs(f.state(), f.type(), f.executedAfter(), f.executedBefore(), sort, size, after),
                JobPage.class).thenApply(p -> Map.of("totalCount", p.totalCount(), "nodes", p.nodes(),
                "pageInfo", pageInfo(p)));
    }

    @QueryMapping
    public CompletableFuture<JobView> job(@Argument String id, @Argument Integer targetsFirst, @Argument Integer targetsOffset) {
        return queries.query(new FindJob(id, targetsFirst == null ? 100 : targetsFirst, targetsOffset == null ? 0 : targetsOffset),
                ResponseTypes.optionalInstanceOf(JobView.class)).thenApply(o -> o.orElse(null));
    }

    @SchemaMapping(typeName = "Job", field = "id")
    public String id(JobView job) {
        return job.jobId();
    }

    /** The job now, then its changes; ends after the job itself ends (or is deleted). */
    @SubscriptionMapping
    public Flux<JobUpdate> jobProgress(@Argument String id) {
        SubscriptionQueryResult<Optional<JobView>, JobUpdate> result = queries.subscriptionQuery(new WatchJob(id),
                ResponseTypes.optionalInstanceOf(JobView.class), ResponseTypes.instanceOf(JobUpdate.class));
        Flux<JobUpdate> initial = result.initialResult().flux().map(view -> view.map(v ->
                        new JobUpdate(v.jobId(), null, v.state(), "now", v.counts(), v.version(), Instant.now()))
                .orElseThrow(() -> new IllegalArgumentException("no job " + id)));
        return Flux.concat(initial, result.updates())
                .takeUntil(u -> u.deviceId() == null && (u.state().terminal() || u.detail().startsWith("deleted")))
                .doFinally(signal -> result.cancel());
    }

    // ------------------------------------------------------------------ creating

    private CompletableFuture<Map<String, Object>> create(JobSpec spec, TargetSelection selection, JobOptions options,
                                                          Optional<String> actor) {
        JobOptions o = options == null ? new JobOptions(null, null, null) : options;
        Instant now = now();
        if (o.plannedAt() != null && o.plannedAt().isBefore(now.minusSeconds(5))) {
            throw new IllegalArgumentException("planned execution time " + o.plannedAt() + " is in the past");
        }
        if (o.timeoutSeconds() != null && o.timeoutSeconds() < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be positive, got " + o.timeoutSeconds());
        }
        String jobId = "job-" + UUID.randomUUID();
        return resolve(selection).thenCombine(timing(), (targets, timing) -> {
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
    private CompletableFuture<List<JobTarget>> resolve(TargetSelection s) {
        boolean listed = s != null && s.deviceIds() != null && !s.deviceIds().isEmpty();
        boolean filtered = s != null && s.filter() != null;
        if (listed == filtered) {
            throw new IllegalArgumentException("give targets as deviceIds or as a filter (one of the two)");
        }
        if (listed) {
            Set<String> ids = new LinkedHashSet<>();
            for (String raw : s.deviceIds()) {
                ids.add(DeviceId.parse(raw).value());
            }
            if (ids.size() > MAX_TARGETS) {
                throw new IllegalArgumentException("at most " + MAX_TARGETS + " targets per job, got " + ids.size());
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
                    throw new IllegalArgumentException("unknown device" + (unknown.size() == 1 ? " " : "s ")
                            + String.join(", ", unknown.stream().limit(10).toList())
                            + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "") + ": nothing was created");
                }
                return targets;
            });
        }
        ClientFilter f = s.filter();
        // Prefixes in any MAC spelling, as the client list takes them.
        ClientFilter filter = new ClientFilter(f.deviceType(), f.softwareType(), f.softwareVersion(), f.e164(),
                f.deviceIdPrefix() == null ? null : f.deviceIdPrefix().strip().toLowerCase(java.util.Locale.ROOT).replace('-', ':'));
        return page(filter, null, new ArrayList<>()).thenApply(targets -> {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no client matches the filter: nothing was created");
            }
            return targets;
        });
    }

    private CompletableFuture<List<JobTarget>> page(ClientFilter filter, String after, List<JobTarget> so) {
        return queries.query(new FindClients(filter, 500, after, false), ClientPage.class).thenCompose(p -> {
            p.nodes().forEach(c -> so.add(target(c)));
            if (so.size() > MAX_TARGETS) {
                throw new IllegalArgumentException("the filter matches more than " + MAX_TARGETS + " clients");
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

    private static Map<String, Object> pageInfo(JobPage p) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("endCursor", p.endCursor());
        m.put("hasNextPage", p.hasNextPage());
        return m;
    }

    private static void requireHttps(String url, String what) {
        java.net.URI uri;
        try {
            uri = url == null ? null : java.net.URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a URL: " + url);
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an https URL, got: " + url);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
