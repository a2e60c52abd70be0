package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.Serializer;
import org.deskfleet.delivery.DeliveryPartition;
import org.deskfleet.delivery.MongoDeliveryLeases;
import org.deskfleet.delivery.MongoPendingJobsStore;
import org.deskfleet.delivery.MongoTargetEndings;
import org.deskfleet.delivery.TargetEndings;
import org.deskfleet.delivery.PendingJobsStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.wpi.server.contactme.PhoneContact;
import org.deskfleet.delivery.PendingJobsIndex;
import org.deskfleet.delivery.AxonJobCommands;
import org.deskfleet.delivery.DeliveryScheduler;
import org.deskfleet.delivery.JobDelivery;
import org.deskfleet.delivery.JobCommands;
import org.deskfleet.delivery.JobPendingWork;
import org.deskfleet.delivery.JobSteps;
import org.deskfleet.wpi.server.work.ParameterItems;
import org.deskfleet.wpi.server.work.CompositePendingWork;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.PendingWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/** Jobs: the pending-work index fed by events, its delivery to phones, and the Job aggregate's cache. */
@Configuration(proxyBeanMethods = false)
public class JobConfiguration {

    /**
     * Jobs with thousands of targets take thousands of commands: keep them loaded rather than replayed. Bounded:
     * the jobs being delivered are few; one of 2,000 targets weighs well under a megabyte.
     */
    @Bean
    org.axonframework.common.caching.Cache jobCache() {
        return new BoundedAggregateCache(256, Duration.ofMinutes(30));
    }

    /**
     * A job's snapshot every 500 events: a load that misses the cache (after a restart, on another node, after a
     * lost race) reads the latest snapshot and at most 500 events, not every event of the job.
     */
    @Bean
    org.axonframework.eventsourcing.SnapshotTriggerDefinition jobSnapshots(org.axonframework.eventsourcing.Snapshotter snapshotter) {
        return new org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition(snapshotter, 500);
    }

    /**
     * The pending-work index keeps its state in MongoDB beside its position (the default token store), so a
     * start catches up from there instead of replaying the history. An error in its handlers is retried
     * rather than logged and skipped: a hole in it would serve finished work or miss pending work.
     */
    @Bean
    PendingJobsStore pendingJobsStore(MongoTemplate mongo, @Qualifier("eventSerializer") Serializer serializer,
                                      @Value("${deskfleet.jobs.pending-state:store}") String pendingState,
                                      ClusterConfiguration.Node node) {
        // Several nodes: a copy per node, beside that node's own position.
        return inMemory(pendingState) ? PendingJobsStore.NONE : new MongoPendingJobsStore(mongo, serializer, node.id());
    }

    /**
     * {@code deskfleet.jobs.pending-state=memory}: the earlier design, kept for comparison (the restart benchmark):
     * nothing stored, the index replays the whole event store at every start.
     */
    @Bean
    ConfigurerModule pendingJobsInMemoryOnRequest(@Value("${deskfleet.jobs.pending-state:store}") String pendingState) {
        return configurer -> {
            if (inMemory(pendingState)) {
                configurer.eventProcessing().registerTokenStore(PendingJobsIndex.NAME,
                        c -> new org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore());
            }
        };
    }

    private static boolean inMemory(String pendingState) {
        return switch (pendingState.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "store" -> false;
            case "memory" -> true;
            default -> throw new IllegalArgumentException("deskfleet.jobs.pending-state must be store or memory, not " + pendingState);
        };
    }

    @Bean
    ConfigurerModule pendingJobsNeverSkipAnEvent() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(PendingJobsIndex.NAME, c -> PropagatingErrorHandler.instance());
    }

    @Bean
    JobCommands jobCommands(CommandGateway gateway, DeskfleetProperties properties) {
        var dispatch = Executors.newFixedThreadPool(Math.max(2, properties.wpi().dispatchThreads() / 2), r -> {
            Thread t = new Thread(r, "job-dispatch");
            t.setDaemon(true);
            return t;
        });
        return new AxonJobCommands(gateway, dispatch);
    }

    @Bean
    ParameterItems parameterItems(ParameterCatalog catalog) {
        return (key, index, value) -> catalog.itemValues(key, index, value).stream()
                .map(i -> new ParameterItems.Item(i.name(), i.index(), i.value())).toList();
    }

    @Bean
    JobPendingWork jobPendingWork(PendingJobsIndex index, ParameterItems items, SecretCipher cipher, JobCommands commands,
                                  ClusterConfiguration.Node node, MongoTemplate mongo,
                                  @Value("${deskfleet.cluster.lease:15s}") Duration lease) {
        return new JobPendingWork(index, new JobSteps(items, cipher::decrypt), commands, Clock.systemUTC(),
                node.several() ? new MongoTargetEndings(mongo, Clock.systemUTC(), node.id(), lease) : TargetEndings.NONE);
    }

    /** What the WPI adapter serves: its own work first (Secure Mode bootstrap, tests), then jobs. */
    @Bean
    @Primary
    PendingWork pendingWorkOfAllSources(InMemoryPendingWork own, JobPendingWork jobs) {
        return new CompositePendingWork(List.of(own, jobs));
    }

    @Bean
    JobDelivery jobDelivery(PendingJobsIndex index, PendingWork work, JobPendingWork jobWork, PhoneContact phoneContact,
                            JobCommands commands,
                            org.deskfleet.wpi.server.interaction.InteractionStore interactions,
                            io.micrometer.core.instrument.MeterRegistry meters,
                            EventProcessingConfiguration processing, ClusterConfiguration.Node node, MongoTemplate mongo,
                            @Value("${deskfleet.jobs.recontact:300s}") Duration recontact,
                            @Value("${deskfleet.jobs.first-backoff:30s}") Duration firstBackoff,
                            @Value("${deskfleet.jobs.max-backoff:15m}") Duration maxBackoff,
                            @Value("${deskfleet.cluster.partitions:32}") int partitions,
                            @Value("${deskfleet.cluster.lease:15s}") Duration lease) {
        PhoneContact contact = new CountedContact(phoneContact, meters);
        MongoDeliveryLeases leases = node.several()
                ? new MongoDeliveryLeases(mongo, node.id(), partitions, lease, Clock.systemUTC()) : null;
        DeliveryScheduler scheduler = new DeliveryScheduler(index, work, contact, commands, Clock.systemUTC(),
                new DeliveryScheduler.Settings(Duration.ofSeconds(1), recontact, firstBackoff, maxBackoff, 200),
                leases == null ? DeliveryPartition.ALL : leases);
        if (node.several()) {
            // A partition moves between nodes with its phones in mid-interaction. A phone answers within seconds:
            // an interaction quiet for a minute is over on the phone's side (its node died, or it gave up).
            scheduler.skipWhileInInteraction(device -> interactions.findByDevice(device)
                    .filter(i -> i.lastActivity().isAfter(Clock.systemUTC().instant().minus(QUIET_INTERACTION))).isPresent());
        }
        return new JobDelivery(index, scheduler, jobWork, JobDelivery.indexCaughtUp(processing), leases, mongo);
    }

    /** Delivery starts with the network listeners, after Axon's processors, and stops before them. */
    @Bean
    org.springframework.context.SmartLifecycle jobDeliveryLifecycle(JobDelivery delivery) {
        return ListenerLifecycle.of(delivery::start, delivery::close);
    }

    static final Duration QUIET_INTERACTION = Duration.ofSeconds(60);

    /** Contact-me for pending jobs, counted by result. */
    private record CountedContact(PhoneContact contact, io.micrometer.core.instrument.MeterRegistry meters) implements PhoneContact {
        @Override
        public java.util.concurrent.CompletableFuture<ContactResult> contact(String deviceId) {
            return contact.contact(deviceId).whenComplete((r, e) ->
                    ObservabilityConfiguration.contactResult(meters, e != null ? "failed" : r.result()));
        }

        @Override
        public ScanStatus startScan(String address, String mask) {
            return contact.startScan(address, mask);
        }

        @Override
        public java.util.Optional<ScanStatus> scan(String id) {
            return contact.scan(id);
        }
    }
}
