package org.deskfleet.api.configuration;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.ChangeClientConfiguration;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.RevertClientConfiguration;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.history.ConfigurationValue;
import org.deskfleet.kernel.history.DiffEntry;
import org.deskfleet.kernel.history.FindConfigurationAt;
import org.deskfleet.kernel.history.FindConfigurationDiff;
import org.deskfleet.kernel.history.FindHistory;
import org.deskfleet.kernel.history.HistoryEntry;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A client's configuration: change and revert (commands), history and time travel (queries). */
@Controller
public class ConfigurationController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    private final org.deskfleet.api.job.JobCreator jobs;

    public ConfigurationController(CommandGateway commands, QueryGateway queries, org.deskfleet.api.job.JobCreator jobs) {
        this.commands = commands;
        this.queries = queries;
        this.jobs = jobs;
    }

    public record ParameterInput(String parameter, Integer index, String value) {
    }

    /**
     * One way to configure a phone: by default the change is a configuration job (now or at
     * {@code options.plannedAt}, OSEM 7.1.6) that records the values as the client's own and delivers them;
     * the job's id is returned. {@code deliver: false} only records desired values (also removals and
     * parameters no WPI item carries), explicitly.
     */
    @MutationMapping
    public CompletableFuture<Map<String, Object>> changeClientConfiguration(@Argument String deviceId,
                                                                           @Argument List<ParameterInput> changes,
                                                                           @Argument String reason,
                                                                           @Argument Boolean deliver,
                                                                           @Argument org.deskfleet.api.job.JobController.JobOptions options,
                                                                           @ContextValue Optional<String> actor) {
        String id = DeviceId.parse(deviceId).value();
        if (changes.isEmpty()) {
            throw new InvalidInput("no changes given");
        }
        List<ParameterValue> values = changes.stream().map(c -> new ParameterValue(c.parameter(), c.index(), c.value())).toList();
        if (!Boolean.FALSE.equals(deliver)) {
            for (ParameterValue v : values) {
                if (v.value() == null) {
                    throw new InvalidInput("parameter " + v.parameter() + ": a value is needed to deliver it;"
                            + " deliver: false removes the client's own value");
                }
            }
            var o = options == null ? new org.deskfleet.api.job.JobController.JobOptions(null, reason, null)
                    : new org.deskfleet.api.job.JobController.JobOptions(options.plannedAt(),
                    options.reason() == null ? reason : options.reason(), options.timeoutSeconds());
            return jobs.create(new org.deskfleet.kernel.job.JobSpec.Configure(values),
                            new org.deskfleet.api.job.JobController.TargetSelection(List.of(id), null), o, actor)
                    .thenApply(job -> {
                        Map<String, Object> r = new java.util.HashMap<>();
                        r.put("deviceId", id);
                        r.put("jobId", job.get("jobId"));
                        return r;
                    });
        }
        if (options != null) {
            throw new InvalidInput("options plan a delivery; with deliver: false nothing is delivered");
        }
        var command = new ChangeClientConfiguration(id, values,
                ChangeSource.ADMIN, actor.orElse(Actors.DEFAULT), reason, "request-" + UUID.randomUUID(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        return commands.send(command).thenApply(r -> Map.of("deviceId", id));
    }

    /**
     * The values of T become desired values with source REVERT; with {@code deliver} (the default) a
     * configuration job brings them to the phone like any change.
     */
    @MutationMapping
    public CompletableFuture<Map<String, Object>> revertClientConfiguration(@Argument String deviceId, @Argument Instant to,
                                                                           @Argument String reason, @Argument Boolean deliver,
                                                                           @ContextValue Optional<String> actor) {
        String id = DeviceId.parse(deviceId).value();
        var command = new RevertClientConfiguration(id, to, actor.orElse(Actors.DEFAULT), reason,
                "request-" + UUID.randomUUID(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        return commands.<List<ParameterValue>>send(command).thenCompose(values -> {
            if (Boolean.FALSE.equals(deliver) || values == null || values.isEmpty()) {
                Map<String, Object> r = new java.util.HashMap<>();
                r.put("deviceId", id);
                return CompletableFuture.completedFuture(r);
            }
            return jobs.create(new org.deskfleet.kernel.job.JobSpec.Configure(values),
                    new org.deskfleet.api.job.JobController.TargetSelection(List.of(id), null),
                    new org.deskfleet.api.job.JobController.JobOptions(null, reason == null ? "revert to " + to : reason, null), actor)
                    .thenApply(job -> {
                        Map<String, Object> r = new java.util.HashMap<>();
                        r.put("deviceId", id);
                        r.put("jobId", job.get("jobId"));
                        return r;
                    });
        });
    }

    @SchemaMapping(typeName = "Client", field = "desired")
    public List<ClientView.DesiredView> desired(ClientView client) {
        return client.desired();
    }

    @SchemaMapping(typeName = "Client", field = "parameterHistory")
    public CompletableFuture<List<HistoryEntry>> parameterHistory(ClientView client, @Argument String parameter,
                                                                 @Argument Instant from, @Argument Instant to,
                                                                 @Argument Integer first, @Argument Integer offset) {
        return queries.query(new FindHistory(client.deviceId(), parameter, from, to, first == null ? 50 : first,
                offset == null ? 0 : offset), ResponseTypes.multipleInstancesOf(HistoryEntry.class));
    }

    @SchemaMapping(typeName = "Client", field = "configurationAt")
    public CompletableFuture<List<ConfigurationValue>> configurationAt(ClientView client, @Argument Instant time) {
        return queries.query(new FindConfigurationAt(client.deviceId(), time),
                ResponseTypes.multipleInstancesOf(ConfigurationValue.class));
    }

    @SchemaMapping(typeName = "Client", field = "configurationDiff")
    public CompletableFuture<List<DiffEntry>> configurationDiff(ClientView client, @Argument Instant from, @Argument Instant to) {
        return queries.query(new FindConfigurationDiff(client.deviceId(), from, to),
                ResponseTypes.multipleInstancesOf(DiffEntry.class));
    }
}
