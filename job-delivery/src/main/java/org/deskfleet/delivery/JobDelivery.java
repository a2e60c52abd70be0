package org.deskfleet.delivery;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Job delivery running on this node: phones are contacted only once the pending-jobs index has caught up with the
 * events (so a restart does not chase long-finished jobs); with several nodes, this node's partitions of phones are
 * held by leases renewed every 2 s, and the shared endings of targets are tidied hourly; what this node keeps of the
 * targets it served is looked over every minute ({@link JobPendingWork#sweep}). Started and stopped with the
 * network listeners (the application's wiring does that).
 */
public final class JobDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobDelivery.class);

    private final PendingJobsIndex index;
    private final DeliveryScheduler scheduler;
    private final JobPendingWork work;
    private final BooleanSupplier indexCaughtUp;
    private final MongoDeliveryLeases leases;
    private final MongoTemplate mongo;
    private ScheduledExecutorService timers;

    /**
     * @param leases null on a single node (every phone is this node's)
     * @param mongo  where the shared endings of targets are kept (several nodes); unused without leases
     */
    public JobDelivery(PendingJobsIndex index, DeliveryScheduler scheduler, JobPendingWork work, BooleanSupplier indexCaughtUp,
                       MongoDeliveryLeases leases, MongoTemplate mongo) {
        this.index = index;
        this.scheduler = scheduler;
        this.work = work;
        this.indexCaughtUp = indexCaughtUp;
        this.leases = leases;
        this.mongo = mongo;
    }

    /** Whether the pending-jobs index's processor has caught up with the event store in every segment it holds. */
    public static BooleanSupplier indexCaughtUp(EventProcessingConfiguration processing) {
        return () -> processing.eventProcessor(PendingJobsIndex.NAME, TrackingEventProcessor.class)
                .map(p -> !p.processingStatus().isEmpty()
                        && p.processingStatus().values().stream().allMatch(s -> s.isCaughtUp()))
                .orElse(false);
    }

    public synchronized void start() {
        timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "job-delivery-housekeeping");
            t.setDaemon(true);
            return t;
        });
        if (leases != null) {
            leases.renew();
            every(Duration.ofSeconds(2), leases::renew);
            every(Duration.ofHours(1), () -> MongoTargetEndings.dropOld(mongo, Clock.systemUTC()));
        }
        scheduler.start();
        every(JobPendingWork.SWEEP_EVERY, work::sweep);
        every(Duration.ofMillis(200), () -> {
            if (!index.ready() && indexCaughtUp.getAsBoolean()) {
                index.markReady();
            }
        });
    }

    /** Stops contacting and gives up this node's leases; once (the wiring's lifecycle and the context may both call it). */
    @Override
    public synchronized void close() {
        if (timers == null) {
            return;
        }
        timers.shutdownNow();
        timers = null;
        scheduler.close();
        if (leases != null) {
            leases.release();
        }
    }

    /** Partitions of phones this node contacts now (several nodes), for tests and the log. */
    public Set<Integer> heldPartitions() {
        return leases == null ? Set.of() : leases.held();
    }

    /** A task that fails once runs again next time (a scheduled task that throws is never run again). */
    private void every(Duration period, Runnable task) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{}", e.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
