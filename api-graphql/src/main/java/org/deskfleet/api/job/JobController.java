package org.deskfleet.api.job;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.job.DeleteJob;
import org.deskfleet.kernel.job.FindJob;
import org.deskfleet.kernel.job.FindJobs;
import org.deskfleet.kernel.job.JobPage;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobType;
import org.deskfleet.kernel.job.JobUpdate;
import org.deskfleet.kernel.job.JobView;
import org.deskfleet.kernel.job.WatchJob;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Jobs over GraphQL: the client actions that create them (OSEM 4.5), the job list and details, live progress. */
@Controller
public class JobController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final JobCreator creator;

    public JobController(CommandGateway commands, QueryGateway queries, JobCreator creator) {
        this.commands = commands;
        this.queries = queries;
        this.creator = creator;
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
            throw new InvalidInput("no changes given");
        }
        for (ParameterInput c : changes) {
            if (c.value() == null) {
                throw new InvalidInput("parameter " + c.parameter() + ": a value is needed to deliver it");
            }
        }
        return creator.create(new JobSpec.Configure(changes.stream().map(c -> new ParameterValue(c.parameter(), c.index(), c.value())).toList()),
                targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> refreshClients(@Argument TargetSelection targets, @Argument JobOptions options,
                                                                @ContextValue Optional<String> actor) {
        return creator.create(new JobSpec.RefreshData(), targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> restartClients(@Argument TargetSelection targets, @Argument JobOptions options,
                                                                @ContextValue Optional<String> actor) {
        return creator.create(new JobSpec.Restart(), targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> resetClients(@Argument TargetSelection targets, @Argument Boolean keepCertificates,
                                                              @Argument JobOptions options, @ContextValue Optional<String> actor) {
        return creator.create(new JobSpec.FactoryReset(Boolean.TRUE.equals(keepCertificates)), targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> deployFiles(@Argument TargetSelection targets, @Argument List<FileInput> files,
                                                             @Argument JobOptions options, @ContextValue Optional<String> actor) {
        if (files == null || files.isEmpty()) {
            throw new InvalidInput("no files given");
        }
        for (FileInput f : files) {
            requireHttps(f.url(), "file URL");
        }
        return creator.create(new JobSpec.DeployFiles(files.stream().map(f -> new JobSpec.FileRef(f.fileType(), f.url(), f.name())).toList()),
                targets, options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> deploySoftware(@Argument TargetSelection targets, @Argument SoftwareInput software,
                                                                @Argument JobOptions options, @ContextValue Optional<String> actor) {
        requireHttps(software.url(), "software image URL");
        if (software.version() == null || software.version().isBlank()) {
            throw new InvalidInput("the target software version is required: success is judged by it");
        }
        return creator.create(new JobSpec.DeploySoftware(software.url(), software.softwareType(), software.version().strip(),
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
            throw new InvalidInput("first must be between 1 and 500, got " + size);
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
                .orElseThrow(() -> new InvalidInput("no job " + id)));
        return Flux.concat(initial, result.updates())
                .takeUntil(u -> u.deviceId() == null && (u.state().terminal() || u.detail().startsWith("deleted")))
                .doFinally(signal -> result.cancel());
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
            throw new InvalidInput(what + " is not a URL: " + url);
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidInput(what + " must be an https URL, got: " + url);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
