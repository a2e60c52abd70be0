package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.work.ParameterItems;
import org.deskfleet.wpi.server.mobility.AxonMobilityPort;
import org.deskfleet.wpi.server.mobility.LogonGrants;
import org.deskfleet.wpi.server.mobility.MobilityFlow;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.deskfleet.command.mobility.ForcedLogoffJobs;
import org.deskfleet.delivery.JobPendingWork;
import org.deskfleet.delivery.MobilityJobSteps;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobTarget;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wiring: mobile-user logon and logoff join the WPI interactions. */
@Configuration
public class MobilityConfiguration {

    /** Mobility commands leave Netty's event loops like every other command of the adapter. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService mobilityDispatch(DeskfleetProperties properties) {
        return Executors.newFixedThreadPool(Math.max(1, properties.wpi().dispatchThreads()), r -> {
            Thread t = new Thread(r, "wpi-mobility");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    AxonMobilityPort mobilityPort(CommandGateway commands, QueryGateway queries, ExecutorService mobilityDispatch) {
        return new AxonMobilityPort(commands, queries, mobilityDispatch);
    }

    @Bean
    LogonGrants logonGrants() {
        return new LogonGrants();
    }

    /** Operator and forced logons and logoffs are jobs; these are their WPI steps. */
    @Bean
    MobilityJobSteps mobilityJobSteps(JobPendingWork jobs, AxonMobilityPort mobilityPort, ParameterItems items,
                                      LogonGrants logonGrants) {
        MobilityJobSteps steps = new MobilityJobSteps(mobilityPort, items, Clock.systemUTC(), logonGrants);
        jobs.mobility(steps);
        return steps;
    }

    /**
     * The forced logoff (OSEM 13.5) is a logoff job with initiator SYSTEM. Sent without waiting: the deadline
     * handler runs in the user's unit of work, and the job is another aggregate.
     */
    @Bean
    ForcedLogoffJobs forcedLogoffJobs(CommandGateway commands, QueryGateway queries) {
        return (e164, deviceId, reason, at) -> queries.query(new FindClient(deviceId), ResponseTypes.optionalInstanceOf(ClientView.class))
                .thenCompose(client -> commands.send(new CreateJob("job-" + UUID.randomUUID(),
                        new JobSpec.MobileUserLogoff(e164, MobilityJobSteps.SYSTEM),
                        List.of(client.map(c -> new JobTarget(c.deviceId(), c.e164(), c.deviceType(), c.softwareType(), c.softwareVersion()))
                                .orElse(new JobTarget(deviceId, null, null, null, null))),
                        null, Duration.ofHours(1), Duration.ofDays(30), MobilityJobSteps.SYSTEM, reason, at)))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        LoggerFactory.getLogger(MobilityConfiguration.class).warn("forced logoff job for mobile user {} at {} not created: {}",
                                e164, deviceId, e.getMessage());
                    }
                });
    }

    @Bean
    MobilityFlow mobilityFlow(InteractionEngine engine, AxonMobilityPort mobilityPort, ParameterItems items,
                              ParameterCatalog catalog, LogonGrants logonGrants) {
        MobilityFlow flow = new MobilityFlow(mobilityPort, items, catalog, Clock.systemUTC(), logonGrants);
        engine.mobility(flow);
        return flow;
    }
}
