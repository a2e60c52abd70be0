package org.deskfleet.app.config;

import org.deskfleet.api.admin.DeadLetterMaintenance;
import org.deskfleet.api.admin.ProjectionMaintenance;
import org.deskfleet.kernel.maintenance.DeadLetter;
import org.deskfleet.kernel.maintenance.RebuildProgress;
import org.deskfleet.kernel.maintenance.RebuildResult;
import org.deskfleet.kernel.maintenance.RetryResult;
import org.deskfleet.query.maintenance.DeadLetterAdmin;
import org.deskfleet.query.maintenance.ProjectionAdmin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The admin API's maintenance ports answered by the read side's administration: the API does not know the read
 * side (it talks to it through the buses otherwise), so the two meet here.
 */
@Configuration(proxyBeanMethods = false)
class MaintenanceConfiguration {

    @Bean
    ProjectionMaintenance projectionMaintenance(ProjectionAdmin admin) {
        return new ProjectionMaintenance() {
            @Override
            public List<String> projections() {
                return admin.projections();
            }

            @Override
            public RebuildProgress progress(String projection) {
                return admin.progress(projection);
            }

            @Override
            public CompletableFuture<RebuildResult> rebuild(String projection) {
                return admin.rebuild(projection);
            }
        };
    }

    @Bean
    DeadLetterMaintenance deadLetterMaintenance(DeadLetterAdmin admin) {
        return new DeadLetterMaintenance() {
            @Override
            public List<DeadLetter> deadLetters(String processor) {
                return admin.deadLetters(processor);
            }

            @Override
            public List<RetryResult> retry(String processor) {
                return admin.retry(processor);
            }
        };
    }
}
