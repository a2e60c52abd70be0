package org.deskfleet.command.job;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.configuration.CatalogParameterRules;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.job.JobTarget;

/** What every Job fixture test starts from: the aggregate with the resources its handlers take, and a target. */
final class JobFixtures {

    static final JobTarget A = new JobTarget("001ae8000001", "4930100", "OpenStage 60", "Siemens SIP", "V3 R5.14.0");

    private JobFixtures() {
    }

    static AggregateTestFixture<Job> job() {
        AggregateTestFixture<Job> fixture = new AggregateTestFixture<>(Job.class);
        fixture.registerInjectableResource(new CatalogParameterRules(ParameterCatalog.bundled()));
        fixture.registerInjectableResource(org.deskfleet.command.secret.InMemoryDataKeys.cipher());
        return fixture;
    }
}
