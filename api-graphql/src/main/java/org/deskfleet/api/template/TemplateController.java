package org.deskfleet.api.template;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.api.configuration.ConfigurationController.ParameterInput;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.configuration.EffectiveValue;
import org.deskfleet.kernel.configuration.FindEffectiveConfiguration;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.template.ChangeTemplateConfiguration;
import org.deskfleet.kernel.template.CreateTemplate;
import org.deskfleet.kernel.template.DeleteTemplate;
import org.deskfleet.kernel.template.FindTemplates;
import org.deskfleet.kernel.template.TemplateDefinition;
import org.deskfleet.kernel.template.TemplateView;
import org.deskfleet.kernel.template.UpdateTemplate;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Templates (OSEM chapter 6) and the effective configuration they feed into. */
@Controller
public class TemplateController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public TemplateController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record TemplateInput(String name, String type, Integer ranking, List<String> supportedClients,
                                List<String> supportedSoftware, String softwareUpdate, SoftwareInput software) {

        public TemplateDefinition definition() {
            if (software != null) {
                java.net.URI uri = java.net.URI.create(software.url().strip());
                if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    throw new InvalidInput("template software image must be an https URL, got: " + software.url());
                }
            }
            return new TemplateDefinition(name, TemplateDefinition.Type.valueOf(upper(type, "DEFAULT")),
                    ranking == null ? 1 : ranking, supportedClients,
                    supportedSoftware == null ? List.of() : supportedSoftware.stream()
                            .map(s -> TemplateDefinition.Software.valueOf(upper(s, "SIP"))).toList(),
                    TemplateDefinition.SoftwareUpdate.valueOf(upper(softwareUpdate, "DISABLED")),
                    software == null ? null : new TemplateDefinition.SoftwareImage(software.url().strip(), software.version()));
        }

        private static String upper(String s, String fallback) {
            return s == null ? fallback : s.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
        }
    }

    public record SoftwareInput(String url, String version) {
    }

    @SchemaMapping(typeName = "Template")
    public TemplateDefinition.SoftwareImage software(TemplateView t) {
        return t.definition().software();
    }

    @QueryMapping
    public CompletableFuture<List<TemplateView>> templates() {
        return queries.query(new FindTemplates(null), ResponseTypes.multipleInstancesOf(TemplateView.class));
    }

    @QueryMapping
    public CompletableFuture<TemplateView> template(@Argument String id) {
        return one(id);
    }

    @MutationMapping
    public CompletableFuture<TemplateView> createTemplate(@Argument TemplateInput template, @ContextValue Optional<String> actor) {
        String id = UUID.randomUUID().toString();
        return commands.send(new CreateTemplate(id, template.definition(), actor.orElse(Actors.DEFAULT), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
                .thenCompose(r -> awaitVisible(id, v -> true));
    }

    @MutationMapping
    public CompletableFuture<TemplateView> updateTemplate(@Argument String id, @Argument TemplateInput template,
                                                          @ContextValue Optional<String> actor) {
        TemplateDefinition definition = template.definition();
        return commands.send(new UpdateTemplate(id, definition, actor.orElse(Actors.DEFAULT), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
                .thenCompose(r -> awaitVisible(id, v -> v.definition().equals(definition)));
    }

    @MutationMapping
    public CompletableFuture<List<String>> deleteTemplates(@Argument List<String> ids, @ContextValue Optional<String> actor) {
        // A template a group still uses is not deleted: the group would silently lose its layer.
        List<org.deskfleet.kernel.group.GroupView> groups = queries.query(new org.deskfleet.kernel.group.FindGroups(null),
                ResponseTypes.multipleInstancesOf(org.deskfleet.kernel.group.GroupView.class)).join();
        List<String> used = new ArrayList<>();
        for (var g : groups) {
            for (String id : ids) {
                if (g.definition().templateIds().contains(id)) {
                    used.add("template " + id + " is used by group \"" + g.definition().name() + "\"");
                }
            }
        }
        if (!used.isEmpty()) {
            throw new InvalidInput(String.join("; ", used) + ": remove it from the group first; nothing was deleted");
        }
        List<CompletableFuture<Object>> all = new ArrayList<>();
        for (String id : ids) {
            all.add(commands.send(new DeleteTemplate(id, actor.orElse(Actors.DEFAULT), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> ids);
    }

    @MutationMapping
    public CompletableFuture<TemplateView> changeTemplateConfiguration(@Argument String id, @Argument List<ParameterInput> changes,
                                                                       @Argument String reason,
                                                                       @ContextValue Optional<String> actor) {
        var command = new ChangeTemplateConfiguration(id,
                changes.stream().map(c -> new ParameterValue(c.parameter(), c.index(), c.value())).toList(),
                actor.orElse(Actors.DEFAULT), reason, "request-" + UUID.randomUUID(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        Instant sent = command.at();
        return commands.send(command).thenCompose(r -> awaitVisible(id, v -> v.updatedAt() != null && !v.updatedAt().isBefore(sent)));
    }

    @SchemaMapping(typeName = "Template")
    public String id(TemplateView t) {
        return t.templateId();
    }

    @SchemaMapping(typeName = "Template")
    public String name(TemplateView t) {
        return t.definition().name();
    }

    @SchemaMapping(typeName = "Template")
    public String type(TemplateView t) {
        return t.definition().type().name();
    }

    @SchemaMapping(typeName = "Template")
    public int ranking(TemplateView t) {
        return t.definition().ranking();
    }

    @SchemaMapping(typeName = "Template")
    public List<String> supportedClients(TemplateView t) {
        return t.definition().supportedClients();
    }

    @SchemaMapping(typeName = "Template")
    public List<String> supportedSoftware(TemplateView t) {
        return t.definition().supportedSoftware().stream().map(Enum::name).toList();
    }

    @SchemaMapping(typeName = "Template")
    public String softwareUpdate(TemplateView t) {
        return t.definition().softwareUpdate().name();
    }

    @SchemaMapping(typeName = "Client", field = "configuration")
    public CompletableFuture<List<EffectiveValue>> configuration(ClientView client, @Argument String section,
                                                                 @Argument Boolean onlySet, @Argument Boolean onlyDrifted) {
        return queries.query(new FindEffectiveConfiguration(client.deviceId(), section, Boolean.TRUE.equals(onlySet),
                        Boolean.TRUE.equals(onlyDrifted)),
                ResponseTypes.multipleInstancesOf(EffectiveValue.class));
    }

    private CompletableFuture<TemplateView> one(String id) {
        return queries.query(new FindTemplates(id), ResponseTypes.multipleInstancesOf(TemplateView.class))
                .thenApply(l -> l.isEmpty() ? null : l.getFirst());
    }

    /** The read model follows the command shortly after; the mutation answers with what it shows then (times are kept to the millisecond, as MongoDB does). */
    private CompletableFuture<TemplateView> awaitVisible(String id, java.util.function.Predicate<TemplateView> ready) {
        return org.deskfleet.api.ReadModelWait.until(() -> one(id), v -> v != null && ready.test(v), Duration.ofSeconds(10));
    }
}
