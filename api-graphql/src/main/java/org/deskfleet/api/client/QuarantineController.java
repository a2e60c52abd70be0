package org.deskfleet.api.client;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.ApproveClient;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClientsByIds;
import org.deskfleet.kernel.client.FindQuarantinedClients;
import org.deskfleet.kernel.system.ChangeUnknownPhones;
import org.deskfleet.kernel.system.FindUnknownPhones;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.system.UnknownPhonesView;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The unknown-phones setting, the quarantine list and the approval of quarantined phones. */
@Controller
public class QuarantineController {

    /** How long a mutation waits for the read side to show what it recorded. */
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(10);

    private final CommandGateway commands;
    private final QueryGateway queries;

    public QuarantineController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @QueryMapping
    public CompletableFuture<UnknownPhonesView> unknownPhones() {
        return queries.query(new FindUnknownPhones(), UnknownPhonesView.class);
    }

    /** Answers once the read side shows the mode: phones are served by what it shows. */
    @MutationMapping
    public CompletableFuture<UnknownPhonesView> setUnknownPhones(@Argument UnknownPhones mode, @Argument String reason,
                                                                 @ContextValue Optional<String> actor) {
        var command = new ChangeUnknownPhones(ChangeUnknownPhones.ID, mode, actor.orElse(Actors.DEFAULT), reason,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return commands.send(command).thenCompose(r -> org.deskfleet.api.ReadModelWait.until(this::unknownPhones,
                v -> v.mode() == mode, SHOWN_WITHIN));
    }

    /**
     * Every id must be a phone the read side knows (quarantined or a client), else nothing is approved; approving
     * a client is a no-op. Answers once the read side shows them as clients.
     */
    @MutationMapping
    public CompletableFuture<List<String>> approveClients(@Argument List<String> deviceIds, @Argument String reason,
                                                          @ContextValue Optional<String> actor) {
        Set<String> ids = new LinkedHashSet<>();
        for (String raw : deviceIds) {
            ids.add(DeviceId.parse(raw).value());
        }
        if (ids.isEmpty()) {
            throw new org.deskfleet.kernel.InvalidInput("no device ids: nothing was approved");
        }
        List<String> all = List.copyOf(ids);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CompletableFuture<ClientPage> quarantinedPage = queries.query(new FindQuarantinedClients(all, all.size(), null), ClientPage.class);
        CompletableFuture<ClientPage> clientPage = queries.query(new FindClientsByIds(all), ClientPage.class);
        return quarantinedPage.thenCombine(clientPage, (quarantined, clients) -> {
            Set<String> known = new HashSet<>();
            List<String> toApprove = new ArrayList<>();
            quarantined.nodes().forEach(c -> {
                known.add(c.deviceId());
                toApprove.add(c.deviceId());
            });
            clients.nodes().forEach(c -> known.add(c.deviceId()));
            List<String> unknown = all.stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new org.deskfleet.kernel.InvalidInput("unknown device" + (unknown.size() == 1 ? " " : "s ")
                        + String.join(", ", unknown.stream().limit(10).toList())
                        + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "") + ": nothing was approved");
            }
            return toApprove;
        }).thenCompose(toApprove -> {
            List<CompletableFuture<Object>> sent = toApprove.stream()
                    .map(id -> commands.send(new ApproveClient(id, actor.orElse(Actors.DEFAULT), reason, now)))
                    .toList();
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .thenCompose(v -> approvedShown(toApprove))
                    .thenApply(v -> all);
        });
    }

    private CompletableFuture<?> approvedShown(List<String> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return org.deskfleet.api.ReadModelWait.until(() -> queries.query(new FindClientsByIds(ids), ClientPage.class),
                p -> p.nodes().size() >= ids.size(), SHOWN_WITHIN);
    }

    /** One quarantined phone, or null. */
    static CompletableFuture<ClientView> quarantined(QueryGateway queries, String deviceId) {
        return queries.query(new FindQuarantinedClients(List.of(deviceId), 1, null), ClientPage.class)
                .thenApply(p -> p.nodes().isEmpty() ? null : p.nodes().getFirst());
    }

    /** The quarantine list: it takes no other criterion (a quarantined phone belongs to no group or selection). */
    static CompletableFuture<ClientPage> list(QueryGateway queries, ClientFilter f, int first, String after) {
        if (f.deviceType() != null || f.softwareType() != null || f.softwareVersion() != null || f.e164() != null
                || f.deviceIdPrefix() != null || f.group() != null) {
            throw new org.deskfleet.kernel.InvalidInput("the quarantined phones are listed with no other filter field");
        }
        return queries.query(new FindQuarantinedClients(null, first, after), ClientPage.class);
    }
}
