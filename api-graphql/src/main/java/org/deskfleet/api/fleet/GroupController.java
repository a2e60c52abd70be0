package org.deskfleet.api.fleet;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.group.ClientGroups;
import org.deskfleet.kernel.group.CreateGroup;
import org.deskfleet.kernel.group.DeleteGroup;
import org.deskfleet.kernel.group.FindClientGroups;
import org.deskfleet.kernel.group.FindGroupConflicts;
import org.deskfleet.kernel.group.FindGroups;
import org.deskfleet.kernel.group.GroupDefinition;
import org.deskfleet.kernel.group.GroupFilters;
import org.deskfleet.kernel.group.GroupView;
import org.deskfleet.kernel.group.UpdateGroup;
import org.deskfleet.kernel.template.FindTemplates;
import org.deskfleet.kernel.template.TemplateView;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Groups (OSEM chapter 8): dynamic membership by filters, templates for the GROUP layer. */
@Controller
public class GroupController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    public GroupController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public record GroupFiltersInput(String e164Pattern, String ipRange, List<String> clientTypes, String serverAddress) {
    }

    public record GroupInput(String name, String description, List<String> templateIds, GroupFiltersInput filters) {

        GroupDefinition definition() {
            GroupFiltersInput f = filters == null ? new GroupFiltersInput(null, null, null, null) : filters;
            return new GroupDefinition(name, description, templateIds,
                    new GroupFilters(f.e164Pattern(), f.ipRange(), f.clientTypes(), f.serverAddress()));
        }
    }

    @QueryMapping
    public CompletableFuture<List<GroupView>> groups() {
        return queries.query(new FindGroups(null), ResponseTypes.multipleInstancesOf(GroupView.class));
    }

    @QueryMapping
    public CompletableFuture<GroupView> group(@Argument String id) {
        return one(id);
    }

    @MutationMapping
    public CompletableFuture<GroupView> createGroup(@Argument GroupInput group, @ContextValue Optional<String> actor) {
        GroupDefinition definition = group.definition();
        String id = "group-" + UUID.randomUUID();
        return checked(id, definition)
                .thenCompose(ok -> commands.send(new CreateGroup(id, definition, actor.orElse(Actors.DEFAULT), now())))
                .thenCompose(r -> awaitVisible(id, v -> true));
    }

    @MutationMapping
    public CompletableFuture<GroupView> updateGroup(@Argument String id, @Argument GroupInput group, @ContextValue Optional<String> actor) {
        GroupDefinition definition = group.definition();
        return checked(id, definition)
                .thenCompose(ok -> commands.send(new UpdateGroup(id, definition, actor.orElse(Actors.DEFAULT), now())))
                .thenCompose(r -> awaitVisible(id, v -> v.definition().equals(definition)));
    }

    @MutationMapping
    public CompletableFuture<List<String>> deleteGroups(@Argument List<String> ids, @ContextValue Optional<String> actor) {
        List<CompletableFuture<Object>> all = new ArrayList<>();
        for (String id : ids) {
            all.add(commands.send(new DeleteGroup(id, actor.orElse(Actors.DEFAULT), now())));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> ids);
    }

    @SchemaMapping(typeName = "Group")
    public String id(GroupView g) {
        return g.groupId();
    }

    @SchemaMapping(typeName = "Group")
    public String name(GroupView g) {
        return g.definition().name();
    }

    @SchemaMapping(typeName = "Group")
    public String description(GroupView g) {
        return g.definition().description();
    }

    @SchemaMapping(typeName = "Group")
    public List<String> templateIds(GroupView g) {
        return g.definition().templateIds();
    }

    @SchemaMapping(typeName = "Group")
    public GroupFilters filters(GroupView g) {
        return g.definition().filters();
    }

    @SchemaMapping(typeName = "Client", field = "groups")
    public CompletableFuture<List<GroupView>> clientGroups(ClientView client) {
        return queries.query(new FindClientGroups(client.deviceId()), ClientGroups.class).thenApply(ClientGroups::groups);
    }

    @SchemaMapping(typeName = "Client", field = "groupConflicts")
    public CompletableFuture<List<String>> groupConflicts(ClientView client) {
        return queries.query(new FindClientGroups(client.deviceId()), ClientGroups.class).thenApply(ClientGroups::conflicts);
    }

    /**
     * Refused, with nothing changed: templates that do not exist, and a group whose members would get
     * conflicting values from it and another group (the rule that would otherwise decide is for conflicts
     * that arise later, when a phone's address or number changes).
     */
    private CompletableFuture<Void> checked(String id, GroupDefinition definition) {
        return queries.query(new FindTemplates(null), ResponseTypes.multipleInstancesOf(TemplateView.class)).thenCompose(templates -> {
            Set<String> known = templates.stream().map(TemplateView::templateId).collect(Collectors.toSet());
            List<String> unknown = definition.templateIds().stream().filter(t -> !known.contains(t)).toList();
            if (!unknown.isEmpty()) {
                throw new InvalidInput("unknown template" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                        + ": the group was not saved");
            }
            return queries.query(new FindGroupConflicts(id, definition), ResponseTypes.multipleInstancesOf(String.class));
        }).thenAccept(conflicts -> {
            if (!conflicts.isEmpty()) {
                throw new InvalidInput("group \"" + definition.name() + "\" conflicts with other groups: "
                        + String.join("; ", conflicts) + ". Change the filters or templates so that no client gets two"
                        + " values for one parameter: the group was not saved");
            }
        });
    }

    private CompletableFuture<GroupView> one(String id) {
        return queries.query(new FindGroups(id), ResponseTypes.multipleInstancesOf(GroupView.class))
                .thenApply(l -> l.isEmpty() ? null : l.getFirst());
    }

    private CompletableFuture<GroupView> awaitVisible(String id, java.util.function.Predicate<GroupView> ready) {
        return org.deskfleet.api.ReadModelWait.until(() -> one(id), v -> v != null && ready.test(v), Duration.ofSeconds(10));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
