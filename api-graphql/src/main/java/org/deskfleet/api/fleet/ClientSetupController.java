package org.deskfleet.api.fleet;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.api.job.JobController.JobOptions;
import org.deskfleet.api.job.JobController.TargetSelection;
import org.deskfleet.api.job.JobCreator;
import org.deskfleet.api.template.TemplateController.TemplateInput;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.E164;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.kernel.client.FindClients;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.fleet.CreatePlugAndPlayClient;
import org.deskfleet.kernel.fleet.FindPlugAndPlay;
import org.deskfleet.kernel.fleet.PlugAndPlayView;
import org.deskfleet.kernel.fleet.ResolveClientValues;
import org.deskfleet.kernel.fleet.ResolveTemplate;
import org.deskfleet.kernel.fleet.ResolvedTemplate;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.template.ChangeTemplateConfiguration;
import org.deskfleet.kernel.template.CreateTemplate;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Clients set up from elsewhere: Plug&amp;Play (OSEM 4.1), copy client (4.5.5), template from client (4.5.6). */
@Controller
public class ClientSetupController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final JobCreator jobs;
    private final ParameterCatalog catalog;

    public ClientSetupController(CommandGateway commands, QueryGateway queries, JobCreator jobs, ParameterCatalog catalog) {
        this.catalog = catalog;
        this.commands = commands;
        this.queries = queries;
        this.jobs = jobs;
    }

    public record PlugAndPlayInput(String deviceId, String e164, String deviceType, Boolean secureMode, String templateId) {
    }

    @QueryMapping
    public CompletableFuture<List<PlugAndPlayView>> plugAndPlayClients() {
        return queries.query(new FindPlugAndPlay(null, null), ResponseTypes.multipleInstancesOf(PlugAndPlayView.class));
    }

    /**
     * Refused, with nothing created: neither MAC nor E164, a MAC or E164 a registered phone or another
     * Plug&amp;Play client has, an unknown template or one that cannot serve the hardware type.
     */
    @MutationMapping
    public CompletableFuture<PlugAndPlayView> createClient(@Argument PlugAndPlayInput client, @ContextValue Optional<String> actor) {
        String mac = client.deviceId() == null || client.deviceId().isBlank() ? null : DeviceId.parse(client.deviceId()).value();
        String e164 = client.e164() == null || client.e164().isBlank() ? null : E164.tryParse(client.e164()).map(E164::value)
                .orElseThrow(() -> new InvalidInput("'" + client.e164() + "' is not an E164 number"));
        if (mac == null && e164 == null) {
            throw new InvalidInput("a Plug&Play client needs a device id (MAC) or an E164 number");
        }
        CompletableFuture<Void> checks = CompletableFuture.completedFuture(null);
        if (mac != null) {
            checks = checks.thenCompose(v -> queries.query(new FindClient(mac), ResponseTypes.optionalInstanceOf(ClientView.class)))
                    .thenAccept(found -> found.ifPresent(c -> {
                        throw new InvalidInput("MAC " + mac + " is already taken by a registered client");
                    }));
        }
        if (e164 != null) {
            checks = checks.thenCompose(v -> queries.query(new FindClients(new ClientFilter(null, null, null, e164, null), 1, null, false), ClientPage.class))
                    .thenAccept(page -> {
                        if (!page.nodes().isEmpty()) {
                            throw new InvalidInput("E164 " + e164 + " is already taken by client " + page.nodes().getFirst().deviceId());
                        }
                    });
        }
        if (client.templateId() != null) {
            checks = checks.thenCompose(v -> commands.<ResolvedTemplate>send(new ResolveTemplate(client.templateId())))
                    .thenAccept(t -> {
                        // Chosen for this client: only its hardware type is checked (software is not known yet).
                        if (!t.definition().supportedClients().isEmpty() && !t.definition().supportedClients().contains(client.deviceType())) {
                            throw new InvalidInput("template \"" + t.definition().name() + "\" cannot serve " + client.deviceType());
                        }
                    });
        }
        String reservation = CreatePlugAndPlayClient.reservationOf(mac, e164);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return checks.thenCompose(v -> commands.send(new CreatePlugAndPlayClient(reservation, mac, e164, client.deviceType(),
                        Boolean.TRUE.equals(client.secureMode()), client.templateId(), actor.orElse(Actors.DEFAULT), now))
                        .exceptionally(ex -> {
                            // The reservation's id is the MAC or number: a second one cannot be created.
                            Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                            if (cause instanceof org.axonframework.modelling.command.AggregateStreamCreationException) {
                                throw new InvalidInput((mac != null ? "MAC " + mac : "E164 " + e164)
                                        + " is already taken by a Plug&Play client");
                            }
                            throw cause instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(cause);
                        }))
                .thenApply(r -> new PlugAndPlayView(reservation, mac, e164, client.deviceType() == null ? null : client.deviceType().strip(),
                        Boolean.TRUE.equals(client.secureMode()), client.templateId(), null, now, null));
    }

    /** OSEM 4.5.5 (hardware exchange, after a factory reset): the source's own values, delivered to the target as its own. */
    @MutationMapping
    public CompletableFuture<Map<String, Object>> copyClient(@Argument String from, @Argument String to, @Argument JobOptions options,
                                                            @ContextValue Optional<String> actor) {
        String source = DeviceId.parse(from).value();
        String target = DeviceId.parse(to).value();
        if (source.equals(target)) {
            throw new InvalidInput("copy client: source and target are the same device " + source);
        }
        return commands.<List<ParameterValue>>send(new ResolveClientValues(source))
                .thenCombine(jobs.resolve(new TargetSelection(List.of(target), null)), (values, targets) -> {
                    List<ParameterValue> deliverable = values.stream().filter(v -> v.value() != null && catalog.deliverable(v.parameter())).toList();
                    if (deliverable.isEmpty()) {
                        throw new InvalidInput("client " + source + " has no own values that can be delivered: nothing to copy");
                    }
                    return Map.entry(deliverable, targets);
                })
                .thenCompose(p -> jobs.createFor(new JobSpec.Configure(p.getKey()), p.getValue(),
                        options == null || options.reason() == null
                                ? new JobOptions(options == null ? null : options.plannedAt(), "copy of client " + source,
                                options == null ? null : options.timeoutSeconds()) : options, actor));
    }

    /** OSEM 4.5.6: a new template holding the client's own values (those templates can hold). */
    @MutationMapping
    public CompletableFuture<Map<String, Object>> createTemplateFromClient(@Argument String deviceId, @Argument TemplateInput template,
                                                                          @ContextValue Optional<String> actor) {
        String source = DeviceId.parse(deviceId).value();
        var definition = template.definition();
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String who = actor.orElse(Actors.DEFAULT);
        return commands.<List<ParameterValue>>send(new ResolveClientValues(source)).thenCompose(values -> {
            List<ParameterValue> templated = values.stream()
                    .filter(v -> v.value() != null && catalog.find(v.parameter(), Scope.TEMPLATE).isPresent()).toList();
            if (templated.isEmpty()) {
                throw new InvalidInput("client " + source + " has no own values a template can hold");
            }
            return commands.send(new CreateTemplate(id, definition, who, now))
                    .thenCompose(r -> commands.send(new ChangeTemplateConfiguration(id, templated, who,
                            "template from client " + source, "request-" + UUID.randomUUID(), now)))
                    .thenApply(r -> Map.<String, Object>of("templateId", id, "parameterCount", templated.size()));
        });
    }
}
