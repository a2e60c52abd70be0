package org.deskfleet.delivery;

import org.deskfleet.wpi.server.contactme.PhoneContact;
import org.deskfleet.kernel.job.ContactChannel;
import org.deskfleet.kernel.job.RecordJobTargetContacted;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.wpi.server.work.PendingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Brings phones with pending jobs to call in (wpi-delivery-notes §1-2): a contact-me to each phone reached directly,
 * again after the contact gap while the work is still pending, and with growing back-off when the phone does
 * not answer. Phones that poll (DCMP) are left to their next poll. The contact-me client itself keeps the
 * per-phone gap and the global rate; this only decides who is due.
 */
public final class DeliveryScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

    /**
     * @param recontact   after an acknowledged contact, when to ask again if the phone has not called in
     * @param firstBackoff after a failed contact; doubles up to {@code maxBackoff}
     * @param maxInFlight contacts waiting for their rate-limit slot or answer at once
     */
    public record Settings(Duration tick, Duration recontact, Duration firstBackoff, Duration maxBackoff, int maxInFlight) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(300),
                Duration.ofSeconds(30), Duration.ofMinutes(15), 200);
    }

    private record Due(Instant next, Duration backoff, boolean inFlight) {
    }

    private final PendingJobs jobs;
    private final PendingWork work;
    private final PhoneContact contact;
    private final JobCommands commands;
    private final Clock clock;
    private final Settings settings;
    private final DeliveryPartition partition;
    private volatile java.util.function.Predicate<String> inInteraction = deviceId -> false;
    private final Map<String, Due> due = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-delivery");
        t.setDaemon(true);
        return t;
    });

    public DeliveryScheduler(PendingJobs jobs, PendingWork work, PhoneContact contact, JobCommands commands,
                             Clock clock, Settings settings) {
        this(jobs, work, contact, commands, clock, settings, DeliveryPartition.ALL);
    }

    /** @param partition the phones this node contacts (several nodes: each phone by one node) */
    public DeliveryScheduler(PendingJobs jobs, PendingWork work, PhoneContact contact, JobCommands commands,
                             Clock clock, Settings settings, DeliveryPartition partition) {
        this.partition = partition;
        this.jobs = jobs;
        this.work = work;
        this.contact = contact;
        this.commands = commands;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Tells which phones are in an interaction now (on any node): they are not contacted until it ends, since
     * a contact-me makes a phone start a new interaction over the open one (recontact under load, or a
     * partition that just moved to this node).
     */
    public DeliveryScheduler skipWhileInInteraction(java.util.function.Predicate<String> inInteraction) {
        this.inInteraction = inInteraction;
        return this;
    }

    public DeliveryScheduler start() {
        long tick = settings.tick().toMillis();
        timer.scheduleWithFixedDelay(this::safeTick, tick, tick, TimeUnit.MILLISECONDS);
        return this;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("job delivery round failed: {}", e.toString(), e);
        }
    }

    /** One round: contact every phone that is due. */
    void tick() {
        if (!jobs.ready()) {
            return;
        }
        Instant now = clock.instant();
        due.keySet().removeIf(d -> !jobs.hasPending(d) && !due.get(d).inFlight());
        for (String device : jobs.devicesWithPending()) {
            if (inFlight.get() >= settings.maxInFlight()) {
                return;
            }
            if (jobs.polls(device) || !partition.owns(device) || !work.hasPending(device)) {
                continue;
            }
            Due d = due.get(device);
            if (d != null && (d.inFlight() || d.next().isAfter(now))) {
                continue;
            }
            if (inInteraction.test(device)) {
                continue; // asked again next round
            }
            Duration backoff = d == null ? settings.firstBackoff() : d.backoff();
            due.put(device, new Due(now, backoff, true));
            inFlight.incrementAndGet();
            contact.contact(device).whenComplete((r, e) -> {
                inFlight.decrementAndGet();
                Instant at = clock.instant();
                String result = e != null ? "FAILED" : r.result();
                log.debug("contact-me to {}: {}", device, result);
                switch (result) {
                    case "ACKNOWLEDGED" -> {
                        due.put(device, new Due(at.plus(settings.recontact()), settings.firstBackoff(), false));
                        // One word per acknowledged contact and job; the Job records it only for a pending target.
                        for (PendingJobs.PendingJob j : jobs.of(device)) {
                            if (!j.awaitingStartUp()) {
                                send(commands.contacted(new RecordJobTargetContacted(j.jobId(), device, ContactChannel.CONTACT_ME, at)));
                            }
                        }
                    }
                    case "SKIPPED_CONTACT_GAP" -> due.put(device, new Due(at.plus(settings.firstBackoff()), backoff, false));
                    default -> {
                        String why = e != null ? rootMessage(e) : r.result().toLowerCase(java.util.Locale.ROOT)
                                + (r.detail() == null ? "" : " (" + r.detail() + ")");
                        log.info("contact-me to {} for pending jobs: {}; next try in {}", device, why, backoff);
                        due.put(device, new Due(at.plus(backoff), min(backoff.multipliedBy(2), settings.maxBackoff()), false));
                        for (PendingJobs.PendingJob j : jobs.of(device)) {
                            if (!j.awaitingStartUp()) {
                                commands.deferred(new RecordJobTargetDeferred(j.jobId(), device, "contact-me: " + why, at));
                            }
                        }
                    }
                }
            });
        }
    }

    private static void send(java.util.concurrent.CompletableFuture<Void> f) {
        f.whenComplete((v, e) -> {
            if (e != null) {
                log.debug("recording a contact failed: {}", e.toString());
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
