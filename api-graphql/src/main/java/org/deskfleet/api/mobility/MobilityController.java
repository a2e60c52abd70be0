package org.deskfleet.api.mobility;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.client.ClientController;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.api.configuration.ConfigurationController;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.E164;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.history.ConfigurationValue;
import org.deskfleet.kernel.history.DiffEntry;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.DeleteMobileUser;
import org.deskfleet.kernel.mobility.FindMobileUser;
import org.deskfleet.kernel.mobility.FindMobileUserAtDevice;
import org.deskfleet.kernel.mobility.FindMobileUserConfigurationAt;
import org.deskfleet.kernel.mobility.FindMobileUserConfigurationDiff;
import org.deskfleet.kernel.mobility.FindMobileUserHistory;
import org.deskfleet.kernel.mobility.FindMobileUsers;
import org.deskfleet.kernel.mobility.MobileUserPage;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.kernel.mobility.RegisterMobileUser;
import org.deskfleet.kernel.mobility.RevertMobileUserConfiguration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Mobile users: register, delete, configure (the same validation, history and time travel as clients),
 * and operator logon/logoff. The actor comes from the request context as for every other mutation.
 */
@Controller
public class MobilityController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final MobilityActions actions;

    public MobilityController(CommandGateway commands, QueryGateway queries, MobilityActions actions) {
        this.commands = commands;
        this.queries = queries;
        this.actions = actions;
    }

    public record MobileUserFilter(String e164, MobileUserView.Status status) {
    }

    public record MobilityOptions(Instant plannedAt, String reason) {
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> mobileUsers(@Argument MobileUserFilter filter, @Argument FindMobileUsers.Sort sort,
                                                              @Argument Integer first, @Argument String after) {
        int size = first == null ? 50 : first;
        if (size < 0 || size > 500) {
            throw new InvalidInput("first must be between 0 and 500, got " + size);
        }
        MobileUserFilter f = filter == null ? new MobileUserFilter(null, null) : filter;
        return queries.query(new FindMobileUsers(f.e164(), f.status(), sort, size, after), MobileUserPage.class)
                .thenApply(page -> Map.of("totalCount", page.totalCount(), "nodes", page.nodes(),
                        "pageInfo", new ClientController.PageInfo(page.endCursor(), page.hasNextPage())));
    }

    @QueryMapping
    public CompletableFuture<MobileUserView> mobileUser(@Argument String e164) {
        return find(number(e164));
    }

    @MutationMapping
    public CompletableFuture<MobileUserView> registerMobileUser(@Argument String e164, @Argument String password,
                                                                @Argument String name, @Argument String reason,
                                                                @ContextValue Optional<String> actor) {
        String number = number(e164);
        Instant at = now();
        String named = name == null || name.isBlank() ? null : name.strip();
        // The read model shows the user a moment later; until it does, the answer is what was registered.
        return commands.send(new RegisterMobileUser(number, name, password, actor.orElse(Actors.DEFAULT), reason, at))
                .thenCompose(r -> awaitUser(number))
                .thenApply(u -> u != null ? u : new MobileUserView(number, named, MobileUserView.Status.LOGGED_OFF.name(), null,
                        null, null, at, 0, List.of(), List.of()));
    }

    @MutationMapping
    public CompletableFuture<List<String>> deleteMobileUsers(@Argument List<String> e164s, @Argument String reason,
                                                             @ContextValue Optional<String> actor) {
        Instant at = now();
        List<CompletableFuture<String>> deleted = new ArrayList<>();
        for (String raw : new LinkedHashSet<>(e164s)) {
            String number = number(raw);
            deleted.add(commands.send(new DeleteMobileUser(number, actor.orElse(Actors.DEFAULT), reason, at)).thenApply(r -> number));
        }
        return CompletableFuture.allOf(deleted.toArray(CompletableFuture[]::new))
                .thenApply(v -> deleted.stream().map(CompletableFuture::join).toList());
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> changeMobileUserConfiguration(@Argument String e164,
                                                                           @Argument List<ConfigurationController.ParameterInput> changes,
                                                                           @Argument String reason,
                                                                           @ContextValue Optional<String> actor) {
        String number = number(e164);
        if (changes.isEmpty()) {
            throw new InvalidInput("no changes given");
        }
        return commands.send(new ChangeMobileUserConfiguration(number,
                        changes.stream().map(c -> new ParameterValue(c.parameter(), c.index(), c.value())).toList(),
                        ChangeSource.ADMIN, actor.orElse(Actors.DEFAULT), reason, "request-" + UUID.randomUUID(), null, now()))
                .thenApply(r -> Map.of("e164", number));
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> revertMobileUserConfiguration(@Argument String e164, @Argument Instant to,
                                                                           @Argument String reason,
                                                                           @ContextValue Optional<String> actor) {
        String number = number(e164);
        return commands.send(new RevertMobileUserConfiguration(number, to, actor.orElse(Actors.DEFAULT), reason,
                "request-" + UUID.randomUUID(), now())).thenApply(r -> Map.of("e164", number));
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> loginMobileUser(@Argument String e164, @Argument String deviceId,
                                                                  @Argument MobilityOptions options,
                                                                  @ContextValue Optional<String> actor) {
        MobilityOptions o = options == null ? new MobilityOptions(null, null) : options;
        return actions.logon(number(e164), DeviceId.parse(deviceId).value(), o.plannedAt(), o.reason(), actor.orElse(Actors.DEFAULT));
    }

    @MutationMapping
    public CompletableFuture<Map<String, Object>> logoutMobileUser(@Argument String e164, @Argument MobilityOptions options,
                                                                   @ContextValue Optional<String> actor) {
        MobilityOptions o = options == null ? new MobilityOptions(null, null) : options;
        return actions.logoff(number(e164), o.plannedAt(), o.reason(), actor.orElse(Actors.DEFAULT));
    }

    @SchemaMapping(typeName = "MobileUser", field = "loggedOnAt")
    public CompletableFuture<ClientView> loggedOnAt(MobileUserView user) {
        if (user.loggedOnAt() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return queries.query(new FindClient(user.loggedOnAt()), ResponseTypes.optionalInstanceOf(ClientView.class))
                .thenApply(c -> c.orElse(null));
    }

    @SchemaMapping(typeName = "MobileUser", field = "loggedOnAtDeviceId")
    public String loggedOnAtDeviceId(MobileUserView user) {
        return user.loggedOnAt();
    }

    @SchemaMapping(typeName = "MobileUser", field = "history")
    public CompletableFuture<List<HistoryEntry>> history(MobileUserView user, @Argument String name, @Argument Instant from,
                                                         @Argument Instant to, @Argument Integer first, @Argument Integer offset) {
        return queries.query(new FindMobileUserHistory(user.e164(), name, from, to, first == null ? 50 : first,
                offset == null ? 0 : offset), ResponseTypes.multipleInstancesOf(HistoryEntry.class));
    }

    @SchemaMapping(typeName = "MobileUser", field = "configurationAt")
    public CompletableFuture<List<ConfigurationValue>> configurationAt(MobileUserView user, @Argument Instant time) {
        return queries.query(new FindMobileUserConfigurationAt(user.e164(), time),
                ResponseTypes.multipleInstancesOf(ConfigurationValue.class));
    }

    @SchemaMapping(typeName = "MobileUser", field = "configurationDiff")
    public CompletableFuture<List<DiffEntry>> configurationDiff(MobileUserView user, @Argument Instant from, @Argument Instant to) {
        return queries.query(new FindMobileUserConfigurationDiff(user.e164(), from, to),
                ResponseTypes.multipleInstancesOf(DiffEntry.class));
    }

    @SchemaMapping(typeName = "Client", field = "loggedOnUser")
    public CompletableFuture<MobileUserView> loggedOnUser(ClientView client) {
        return queries.query(new FindMobileUserAtDevice(client.deviceId()), ResponseTypes.optionalInstanceOf(MobileUserView.class))
                .thenApply(u -> u.orElse(null));
    }

    /** A leading '+' is how people write numbers; anything else but 1 to 15 digits is refused. */
    static String number(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput("E.164 number is required");
        }
        return new E164(raw.strip().replaceFirst("^\\+", "")).value();
    }

    private CompletableFuture<MobileUserView> find(String number) {
        return queries.query(new FindMobileUser(number), ResponseTypes.optionalInstanceOf(MobileUserView.class))
                .thenApply(u -> u.orElse(null));
    }

    /** The read model follows the events shortly after the command: wait for it, briefly and bounded. */
    private CompletableFuture<MobileUserView> awaitUser(String number) {
        return actions.awaitProjection(() -> find(number), u -> u != null);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
