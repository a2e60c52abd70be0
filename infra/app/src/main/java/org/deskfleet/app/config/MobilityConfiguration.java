package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.work.ParameterItems;
import org.deskfleet.wpi.server.mobility.AxonMobilityPort;
import org.deskfleet.wpi.server.mobility.MobilityFlow;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
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
    MobilityFlow mobilityFlow(InteractionEngine engine, CommandGateway commands, QueryGateway queries,
                              ParameterItems items, ExecutorService mobilityDispatch, ParameterCatalog catalog) {
        MobilityFlow flow = new MobilityFlow(new AxonMobilityPort(commands, queries, mobilityDispatch), items,
                catalog, Clock.systemUTC());
        engine.mobility(flow);
        return flow;
    }
}
