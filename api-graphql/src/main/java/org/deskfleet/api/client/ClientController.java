package org.deskfleet.api.client;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.kernel.client.FindClients;
import graphql.schema.DataFetchingEnvironment;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Client queries, answered by the query side through Axon's query bus. */
@Controller
public class ClientController {

    private final QueryGateway queries;
    private final org.axonframework.commandhandling.gateway.CommandGateway commands;

    public ClientController(QueryGateway queries, org.axonframework.commandhandling.gateway.CommandGateway commands) {
        this.commands = commands;
        this.queries = queries;
    }

    @QueryMapping
    public CompletableFuture<ClientView> client(@Argument String deviceId, DataFetchingEnvironment env) {
        DeviceId id = DeviceId.parse(deviceId);
        // Only the Client fields that show them need the document's items, its desired values and the phone's
        // last contact: a history or an identity asked for by device id reads none of them.
        var selection = env.getSelectionSet();
        return queries.query(new FindClient(id.value(), selection.contains("items"), selection.contains("desired"),
                                selection.contains("lastContact")),
                        ResponseTypes.optionalInstanceOf(ClientView.class))
                .thenCompose(o -> o.isPresent() ? CompletableFuture.completedFuture(o.get())
                        : QuarantineController.quarantined(queries, id.value()));
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> clients(@Argument ClientFilter filter, @Argument Integer first,
                                                          @Argument String after, DataFetchingEnvironment env) {
        int size = first == null ? 50 : first;
        if (size < 0 || size > 500) {
            throw new InvalidInput("first must be between 0 and 500, got " + size);
        }
        ClientFilter f = filter == null ? ClientFilter.NONE : normalise(filter);
        CompletableFuture<ClientPage> answer = filter != null && filter.asksForQuarantined()
                ? QuarantineController.list(queries, filter, size, decodeCursor(after))
                : queries.query(new FindClients(f, size, decodeCursor(after),
                        env.getSelectionSet().contains("nodes/items")), ClientPage.class);
        return answer
                .thenApply(page -> Map.of(
                        "totalCount", page.totalCount(),
                        "nodes", page.nodes(),
                        "pageInfo", new PageInfo(Optional.ofNullable(page.endCursor()).map(ClientController::encodeCursor)
                                .orElse(null), page.hasNextPage())));
    }

    @org.springframework.graphql.data.method.annotation.MutationMapping
    public CompletableFuture<List<String>> deleteClients(@Argument List<String> deviceIds,
                                                        @org.springframework.graphql.data.method.annotation.ContextValue
                                                        java.util.Optional<String> actor) {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<CompletableFuture<String>> deleted = new java.util.ArrayList<>();
        for (String raw : new java.util.LinkedHashSet<>(deviceIds)) {
            String id = org.deskfleet.kernel.DeviceId.parse(raw).value();
            deleted.add(commands.send(new org.deskfleet.kernel.client.DeleteClient(id,
                    actor.orElse(org.deskfleet.api.configuration.Actors.DEFAULT), now)).thenApply(r -> id));
        }
        return CompletableFuture.allOf(deleted.toArray(CompletableFuture[]::new))
                .thenApply(v -> deleted.stream().map(CompletableFuture::join).toList());
    }

    @SchemaMapping(typeName = "Client", field = "items")
    public List<ClientView.ItemView> items(ClientView client, @Argument String name) {
        return name == null ? client.items() : client.items().stream().filter(i -> i.name().equals(name)).toList();
    }

    public record PageInfo(String endCursor, boolean hasNextPage) {
    }

    private static ClientFilter normalise(ClientFilter f) {
        String prefix = f.deviceIdPrefix() == null ? null : f.deviceIdPrefix().strip().toLowerCase().replace('-', ':');
        return new ClientFilter(f.deviceType(), f.softwareType(), f.softwareVersion(), f.e164(), prefix, f.group());
    }

    /** Cursors are opaque to clients: base64 of the last device id of a page. */
    static String encodeCursor(String deviceId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(deviceId.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return DeviceId.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)).value();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("invalid cursor '" + cursor + "'");
        }
    }
}
