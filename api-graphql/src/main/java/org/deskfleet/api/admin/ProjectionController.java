package org.deskfleet.api.admin;

import org.deskfleet.kernel.maintenance.RebuildProgress;
import org.deskfleet.kernel.maintenance.RebuildResult;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Read-model maintenance for administrators. */
@Controller
public class ProjectionController {

    private final ProjectionMaintenance maintenance;

    public ProjectionController(ProjectionMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @QueryMapping
    public List<String> projections() {
        return maintenance.projections();
    }

    @QueryMapping
    public RebuildProgress rebuildProgress(@Argument String name) {
        return maintenance.progress(name);
    }

    @MutationMapping
    public CompletableFuture<RebuildResult> rebuildProjection(@Argument String name) {
        return maintenance.rebuild(name);
    }
}
