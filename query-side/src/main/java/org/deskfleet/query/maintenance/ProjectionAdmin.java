package org.deskfleet.query.maintenance;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.deskfleet.kernel.ProjectionMaintenance;
import org.deskfleet.query.client.ClientProjection;
import org.deskfleet.query.history.ClientHistoryProjection;
import org.deskfleet.query.system.SystemSettingsProjection;
import org.deskfleet.query.template.TemplateProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rebuilds a projection: stop its processor, reset its tokens (the reset handler drops the collection),
 * start it again and report when it has caught up with the head of the event store.
 */
@Component
public class ProjectionAdmin implements ProjectionMaintenance {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private final EventProcessingConfiguration processing;
    private final Configuration axon;
    private final Map<String, LongSupplier> counters;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "projection-rebuild");
        t.setDaemon(true);
        return t;
    });

    public ProjectionAdmin(EventProcessingConfiguration processing, Configuration axon, ClientProjection clients,
                           ClientHistoryProjection history, TemplateProjection templates,
                           SystemSettingsProjection settings, org.deskfleet.query.job.JobProjection jobs,
                           org.deskfleet.query.mobility.MobileUserProjection mobileUsers) {
        this.processing = processing;
        this.axon = axon;
        this.counters = Map.of(ClientProjection.NAME, clients::handled, ClientHistoryProjection.NAME, history::handled,
                TemplateProjection.NAME, templates::handled, SystemSettingsProjection.NAME, settings::handled,
                org.deskfleet.query.job.JobProjection.NAME, jobs::handled,
                org.deskfleet.query.mobility.MobileUserProjection.NAME, mobileUsers::handled);
    }

    /** A rebuild under way (or the last one): what it waits for and since when. */
    private record Running(StreamingEventProcessor processor, long startNanos, long head,
                           CompletableFuture<RebuildResult> done) {
    }

    private final Map<String, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public RebuildProgress progress(String projection) {
        if (!counters.containsKey(projection)) {
            throw new InvalidInput("unknown projection '" + projection + "'; known: " + projections());
        }
        Running r = running.get(projection);
        if (r == null) {
            return new RebuildProgress(projection, false, 0, 0, 0, null, 0);
        }
        long millis = (System.nanoTime() - r.startNanos()) / 1_000_000;
        long total = r.head() + 1;
        long position = r.processor().processingStatus().values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
        long done = r.done().isDone() ? total : Math.max(0, Math.min(total, position + 1));
        double rate = millis <= 0 ? 0 : done * 1000.0 / millis;
        Long eta = r.done().isDone() ? Long.valueOf(0) : rate <= 0 ? null : Long.valueOf((long) Math.ceil((total - done) / rate));
        return new RebuildProgress(projection, !r.done().isDone(), done, total, rate, eta, millis);
    }

    @Override
    public List<String> projections() {
        return List.copyOf(counters.keySet());
    }

    @Override
    public synchronized CompletableFuture<RebuildResult> rebuild(String projection) {
        StreamingEventProcessor processor = processing.eventProcessor(projection, StreamingEventProcessor.class)
                .orElse(null);
        if (processor == null || !counters.containsKey(projection)) {
            return CompletableFuture.failedFuture(
                    new InvalidInput("unknown projection '" + projection + "'; known: " + projections()));
        }
        long start = System.nanoTime();
        if (running.containsKey(projection) && !running.get(projection).done().isDone()) {
            return running.get(projection).done();
        }
        // Done means: every segment has processed up to the head as it was when the rebuild began. (A
        // replay token only turns back into a normal one with the next new event, so "not replaying"
        // would never become true on a quiet system.)
        long head = axon.eventStore().createHeadToken() == null ? -1
                : axon.eventStore().createHeadToken().position().orElse(-1);
        log.info("rebuilding projection {} up to position {}", projection, head);
        processor.shutDown();
        // The replay handles every event again, the parked ones too: letters left would only hold its sequences back.
        processing.deadLetterQueue(projection).ifPresent(queue -> queue.clear());
        processor.resetTokens();
        processor.start();
        CompletableFuture<RebuildResult> done = new CompletableFuture<>();
        running.put(projection, new Running(processor, start, head, done));
        var task = poller.scheduleWithFixedDelay(() -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            boolean caughtUp = !status.isEmpty() && status.values().stream()
                    .allMatch(s -> s.getError() == null && (head < 0 || s.getCurrentPosition().orElse(-1) >= head));
            if (caughtUp) {
                RebuildResult result = new RebuildResult(projection, counters.get(projection).getAsLong(), millis);
                log.info("projection {} rebuilt: {} events in {} ms", projection, result.events(), millis);
                done.complete(result);
            } else if (millis > LIMIT.toMillis()) {
                done.completeExceptionally(new Conflict("rebuild of " + projection + " did not finish in " + LIMIT));
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        done.whenComplete((r, e) -> task.cancel(false));
        return done;
    }
}
