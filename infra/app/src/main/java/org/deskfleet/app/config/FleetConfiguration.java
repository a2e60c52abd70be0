package org.deskfleet.app.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.deskfleet.command.fleet.FleetConfigurationPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The fleet-configuration policy acts on what happens from its first deployment on: a new processor starts
 * at the head of the event stream, never at its tail, so phones registered long ago are not onboarded again.
 * Its position is stored like any processor's; a replay is harmless on top (job ids derive from event ids).
 */
@Configuration(proxyBeanMethods = false)
public class FleetConfiguration {

    @Bean
    ConfigurerModule fleetPolicyFromTheHead() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                FleetConfigurationPolicy.NAME, c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }
}
