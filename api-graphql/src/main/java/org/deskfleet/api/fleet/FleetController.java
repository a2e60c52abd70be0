package org.deskfleet.api.fleet;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.job.JobController.JobOptions;
import org.deskfleet.api.job.JobController.TargetSelection;
import org.deskfleet.api.job.JobCreator;
import org.deskfleet.kernel.fleet.FindLayerPlan;
import org.deskfleet.kernel.fleet.LayerPlan;
import org.deskfleet.kernel.fleet.ResolveTemplate;
import org.deskfleet.kernel.fleet.ResolvedTemplate;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobTarget;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Templates and groups that reach phones: previews of what a template or group would change (or its removal),
 * the jobs that bring clients there, and applying a template to chosen clients.
 */
@Controller
public class FleetController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final JobCreator jobs;

    public FleetController(CommandGateway commands, QueryGateway queries, JobCreator jobs) {
        this.commands = commands;
        this.queries = queries;
        this.jobs = jobs;
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> templateRolloutPreview(@Argument String id, @Argument Integer first) {
        return preview(FindLayerPlan.forTemplate(id), first);
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> groupRolloutPreview(@Argument String id, @Argument Integer first) {
        return preview(FindLayerPlan.forGroup(id), first);
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> removalPreview(@Argument String id, @Argument Integer first) {
        return preview(FindLayerPlan.removalOf(id), first);
    }

    /** After a template changed: one job (per distinct set of values) bringing the clients to it. */
    @MutationMapping
    public CompletableFuture<Map<String, Object>> rolloutTemplate(@Argument String id, @Argument JobOptions options,
                                                                 @ContextValue Optional<String> actor) {
        return rollout(FindLayerPlan.forTemplate(id), options, actor);
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> rolloutGroup(@Argument String id, @Argument JobOptions options,
                                                              @ContextValue Optional<String> actor) {
        return rollout(FindLayerPlan.forGroup(id), options, actor);
    }

    /**
     * OSEM's "apply template": its values become the chosen clients' own values, in one configuration job.
     * Every target must be a phone the template serves (device type, software type): otherwise nothing is created.
     */
    @MutationMapping
    public CompletableFuture<Map<String, Object>> applyTemplate(@Argument String id, @Argument TargetSelection targets,
                                                               @Argument JobOptions options, @ContextValue Optional<String> actor) {
        return resolve(id).thenCombine(jobs.resolve(targets), (template, resolved) -> {
            List<String> unserved = resolved.stream()
                    .filter(t -> !template.definition().serves(t.deviceType(), t.softwareType()))
                    .map(t -> t.deviceId() + " (" + t.deviceType() + ", " + t.softwareType() + ")").toList();
            if (!unserved.isEmpty()) {
                throw new InvalidInput("template \"" + template.definition().name() + "\" cannot serve "
                        + unserved.size() + " of the targets: " + String.join(", ", unserved.stream().limit(10).toList())
                        + (unserved.size() > 10 ? " ..." : "") + ": nothing was created");
            }
            if (template.values().isEmpty()) {
                throw new InvalidInput("template \"" + template.definition().name() + "\" has no values to apply");
            }
            return Map.entry(template, resolved);
        }).thenCompose(p -> jobs.createFor(new JobSpec.Configure(p.getKey().values()), p.getValue(),
                withReason(options, "template " + p.getKey().definition().name() + " applied"), actor));
    }

    private CompletableFuture<Map<String, Object>> preview(FindLayerPlan query, Integer first) {
        long started = System.nanoTime();
        return queries.query(query, LayerPlan.class).thenApply(plan -> view(plan, first, (System.nanoTime() - started) / 1_000_000));
    }

    private CompletableFuture<Map<String, Object>> rollout(FindLayerPlan query, JobOptions options, Optional<String> actor) {
        long started = System.nanoTime();
        return queries.query(query, LayerPlan.class).thenCompose(plan -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            Map<String, ResolvedTemplate> resolved = new HashMap<>();
            List<CompletableFuture<ResolvedTemplate>> all = plan.templateIds().stream().map(this::resolve).toList();
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenCompose(v -> {
                all.forEach(f -> resolved.put(f.join().templateId(), f.join()));
                List<CompletableFuture<Map<String, Object>>> created = new ArrayList<>();
                for (LayerPlan.Batch b : plan.batches(resolved)) {
                    List<JobTarget> targets = b.clients().stream().map(c -> new JobTarget(c.deviceId(), c.e164(), c.deviceType(),
                            c.softwareType(), c.softwareVersion())).toList();
                    created.add(jobs.createFor(new JobSpec.Configure(b.values(), "TEMPLATE"), targets,
                            withReason(options, "template and group configuration"), actor));
                }
                return CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).thenApply(x -> {
                    Map<String, Object> r = new HashMap<>();
                    r.put("jobIds", created.stream().map(f -> f.join().get("jobId")).toList());
                    r.put("clientCount", plan.clients().size());
                    r.put("plan", view(plan, 0, millis));
                    return r;
                });
            });
        });
    }

    private CompletableFuture<ResolvedTemplate> resolve(String templateId) {
        return commands.send(new ResolveTemplate(templateId));
    }

    private static JobOptions withReason(JobOptions o, String reason) {
        return o == null ? new JobOptions(null, reason, null)
                : new JobOptions(o.plannedAt(), o.reason() == null ? reason : o.reason(), o.timeoutSeconds());
    }

    private static Map<String, Object> view(LayerPlan plan, Integer first, long millis) {
        Map<String, Object> m = new HashMap<>();
        m.put("clientCount", plan.clients().size());
        m.put("parameterCount", plan.parameterCount());
        m.put("millis", millis);
        int n = first == null ? 100 : Math.max(0, first);
        m.put("clients", plan.clients().subList(0, Math.min(n, plan.clients().size())));
        return m;
    }
}
