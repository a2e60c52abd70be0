package org.deskfleet.api.configuration;

import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.WpiMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.Locale;

/** The catalog's WPI mapping: per parameter, and as counts per scope. */
@Controller
public class CatalogController {

    private final ParameterCatalog catalog;

    public CatalogController(ParameterCatalog catalog) {
        this.catalog = catalog;
    }

    public record CatalogCoverage(String scope, long rows, long mapped, long unmapped) {
    }

    @QueryMapping
    public List<CatalogCoverage> catalogStatistics() {
        return catalog.coverageByScope().entrySet().stream()
                .map(e -> new CatalogCoverage(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue().total(),
                        e.getValue().mapped(), e.getValue().unmapped()))
                .toList();
    }

    @SchemaMapping(typeName = "CatalogParameter")
    public String wpiIndex(CatalogEntry e) {
        return switch (e.wpi().index()) {
            case WpiMapping.IndexRule.None n -> "none";
            case WpiMapping.IndexRule.SameIndex s -> "index";
            case WpiMapping.IndexRule.Fixed f -> "fixed:" + f.index();
        };
    }

    @SchemaMapping(typeName = "CatalogParameter")
    public String wpiEvidence(CatalogEntry e) {
        return e.wpi().evidence().isEmpty() ? null : e.wpi().evidence();
    }
}
