package org.deskfleet.api.system;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.configuration.Actors;
import org.deskfleet.api.configuration.ConfigurationController.ParameterInput;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.system.ChangeSystemSettings;
import org.deskfleet.kernel.system.FindSystemSettings;
import org.deskfleet.kernel.system.SystemSettingsView;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** System settings and the parameter catalog. */
@Controller
public class SystemController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ParameterCatalog catalog;

    public SystemController(CommandGateway commands, QueryGateway queries, ParameterCatalog catalog) {
        this.catalog = catalog;
        this.commands = commands;
        this.queries = queries;
    }

    @QueryMapping
    public CompletableFuture<SystemSettingsView> systemSettings() {
        return queries.query(new FindSystemSettings(), SystemSettingsView.class);
    }

    @MutationMapping
    public CompletableFuture<SystemSettingsView> changeSystemSettings(@Argument List<ParameterInput> changes,
                                                                      @Argument String reason,
                                                                      @ContextValue Optional<String> actor) {
        var command = new ChangeSystemSettings(ChangeSystemSettings.ID,
                changes.stream().map(c -> new ParameterValue(c.parameter(), c.index(), c.value())).toList(),
                actor.orElse(Actors.DEFAULT), reason, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return commands.send(command).thenCompose(r -> systemSettings());
    }

    @QueryMapping
    public List<CatalogEntry> catalog(@Argument String scope, @Argument String section, @Argument String search,
                                      @Argument Integer first) {
        Scope s = scope == null ? null : Scope.valueOf(scope.strip().toUpperCase(Locale.ROOT));
        String text = search == null ? null : search.toLowerCase(Locale.ROOT);
        return catalog.entries().stream()
                .filter(e -> s == null || e.scope() == s)
                .filter(e -> section == null || e.key().startsWith(section) || e.sectionPath().startsWith(section))
                .filter(e -> text == null || e.key().contains(text) || e.label().toLowerCase(Locale.ROOT).contains(text))
                .limit(first == null ? 100 : Math.min(first, 2000))
                .toList();
    }

    @SchemaMapping(typeName = "CatalogParameter")
    public String section(CatalogEntry e) {
        return e.sectionPath();
    }

    @SchemaMapping(typeName = "CatalogParameter", field = "default")
    public String defaultValue(CatalogEntry e) {
        return e.defaultValue() == null || e.defaultValue().isBlank() ? null : e.defaultValue();
    }
}
