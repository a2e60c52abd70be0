package org.deskfleet.query.maintenance;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.deskfleet.kernel.maintenance.RebuildProgress;
import org.deskfleet.kernel.maintenance.RebuildResult;
import com.mongodb.MongoNamespace;
import com.mongodb.client.model.RenameCollectionOptions;
import org.bson.Document;
import org.deskfleet.query.ReadModels;
import org.deskfleet.query.client.ClientProjection;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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
 * Rebuilds a projection without readers noticing (blue/green): stop its processor, reset its tokens and replay
 * the event store into shadow collections ({@link ReadModels}) while readers keep the old, complete read model;
 * once the replay has caught up with the head as it was at the start, stop the processor again, rename each
 * shadow over its old collection (one atomic rename per collection) and start the processor on the new ones.
 * Where a rebuild stands is kept in {@code read_model_rebuilds}, so a server stopped in the middle finishes it
 * when it starts again.
 */
@Component
public class ProjectionAdmin {

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

    static final String STATE = "read_model_rebuilds";

    private final MongoTemplate mongo;
    private final List<org.deskfleet.query.ReadModelIndexes> indexes;
    private final ReadModels.Server server;
    private final org.springframework.core.env.Environment environment;

    public ProjectionAdmin(MongoTemplate mongo, List<org.deskfleet.query.ReadModelIndexes> indexes, EventProcessingConfiguration processing,
                           Configuration axon, ClientProjection clients,
                           ClientHistoryProjection history, TemplateProjection templates,
                           SystemSettingsProjection settings, org.deskfleet.query.job.JobProjection jobs,
                           org.deskfleet.query.mobility.MobileUserProjection mobileUsers,
                           org.deskfleet.query.report.FirmwareReportProjection firmware,
                           ReadModels.Server server,
                           org.springframework.core.env.Environment environment) {
        this.environment = environment;
        this.mongo = mongo;
        this.server = server;
        this.indexes = List.copyOf(indexes);
        this.processing = processing;
        this.axon = axon;
        this.counters = Map.of(ClientProjection.NAME, clients::handled, ClientHistoryProjection.NAME, history::handled,
                TemplateProjection.NAME, templates::handled, SystemSettingsProjection.NAME, settings::handled,
                org.deskfleet.query.job.JobProjection.NAME, jobs::handled,
                org.deskfleet.query.mobility.MobileUserProjection.NAME, mobileUsers::handled,
                org.deskfleet.query.report.FirmwareReportProjection.NAME, firmware::handled);
        recover();
    }

    /**
     * Before the processors start: a rebuild that was switching over completes its renames; one that was replaying
     * goes on writing into its shadows ({@link #resume} waits for it to catch up).
     */
    private void recover() {
        for (Document d : mongo.findAll(Document.class, STATE)) {
            String projection = d.getString("_id");
            if ("switching".equals(d.getString("state"))) {
                log.info("completing the switch-over of projection {} to its rebuilt read model", projection);
                renameShadows(projection);
                ReadModels.rebuilding(server, projection, false);
                mongo.remove(Query.query(Criteria.where("_id").is(projection)), STATE);
            } else {
                ReadModels.rebuilding(server, projection, true);
            }
        }
    }

    /** A rebuild under way when the server stopped: wait for it to catch up and switch over, as if just begun. */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        for (String projection : counters.keySet()) {
            if (ReadModels.rebuilding(server, projection)) {
                log.info("projection {} was being rebuilt: the old read model serves until the rebuild has caught up", projection);
                processing.eventProcessor(projection, StreamingEventProcessor.class)
                        .ifPresent(p -> follow(projection, p, System.nanoTime(), head()));
            }
        }
    }

    private long head() {
        return axon.eventStore().createHeadToken() == null ? -1 : axon.eventStore().createHeadToken().position().orElse(-1);
    }

    /** A rebuild under way (or the last one): what it waits for and since when. */
    private record Running(StreamingEventProcessor processor, long startNanos, long head,
                           CompletableFuture<RebuildResult> done) {
    }

    private final Map<String, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

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

    public List<String> projections() {
        return List.copyOf(counters.keySet());
    }

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
        long head = head();
        log.info("rebuilding projection {} up to position {}", projection, head);
        processor.shutDown();
        // as configured for the processor; a processor configured without a count keeps its segments
        Integer segments = environment.getProperty("axon.eventhandling.processors." + projection + ".initial-segment-count",
                Integer.class);
        try {
            if (segments != null) {
                RebuildPositions.asConfigured(processing.tokenStore(projection), projection, segments);
            }
        } catch (RuntimeException e) {
            // nothing reset yet: the processor goes on where it was (a position another node holds, say)
            processor.start();
            return CompletableFuture.failedFuture(new Conflict("rebuild of " + projection + " not begun: its positions "
                    + "could not be prepared (" + e.getMessage() + "); the read model is unchanged"));
        }
        // The replay handles every event again, the parked ones too: letters left would only hold its sequences back.
        processing.deadLetterQueue(projection).ifPresent(queue -> queue.clear());
        ReadModels.rebuilding(server, projection, true);
        // The reset handlers drop what they write to: the shadows (left from a rebuild that failed), not the live ones.
        ReadModels.handling(server, projection, () -> {
            processor.resetTokens();
            return null;
        });
        try {
            RebuildPositions.withoutGaps(processing.tokenStore(projection), projection);
        } catch (RuntimeException e) {
            // only slower: the replay compares each event with the gaps
            log.warn("rebuild of projection {}: its replay positions keep their gaps ({})", projection, e.toString());
        }
        // Recorded only once the positions are reset: a server that stops before this replays into the live read
        // model (idempotent, as after a lost position) instead of following a rebuild that never reset anything and
        // switching readers to its empty shadows.
        mongo.upsert(Query.query(Criteria.where("_id").is(projection)), new Update().set("state", "rebuilding"), STATE);
        processor.start();
        return follow(projection, processor, start, head);
    }

    /**
     * Polls until the processor has caught up with {@code head}, then switches readers over. A rebuild slower than
     * {@link #LIMIT} fails its caller but still switches when it has caught up: readers must not stay on a read
     * model that no longer follows the events.
     */
    private CompletableFuture<RebuildResult> follow(String projection, StreamingEventProcessor processor, long start, long head) {
        CompletableFuture<RebuildResult> done = new CompletableFuture<>();
        running.put(projection, new Running(processor, start, head, done));
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<?>> task = new java.util.concurrent.atomic.AtomicReference<>();
        task.set(poller.scheduleWithFixedDelay(() -> {
            if (over.get()) {
                return;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            boolean caughtUp = !status.isEmpty() && status.values().stream()
                    .allMatch(s -> s.getError() == null && (head < 0 || s.getCurrentPosition().orElse(-1) >= head));
            if (caughtUp) {
                over.set(true);
                java.util.concurrent.Future<?> polling = task.get();
                if (polling != null) {
                    polling.cancel(false);
                }
                try {
                    switchOver(projection, processor);
                } catch (RuntimeException e) {
                    log.warn("switch-over of projection {} failed: {}", projection, e.toString());
                    done.completeExceptionally(e);
                    return;
                }
                // until readers have the new read model: the switch (its indexes built, the renames) included
                long total = (System.nanoTime() - start) / 1_000_000;
                RebuildResult result = new RebuildResult(projection, counters.get(projection).getAsLong(), total);
                log.info("projection {} rebuilt: {} events in {} ms (caught up after {} ms)", projection, result.events(),
                        total, millis);
                done.complete(result);
            } else if (millis > LIMIT.toMillis() && !done.isDone()) {
                done.completeExceptionally(new Conflict("rebuild of " + projection + " did not finish in " + LIMIT
                        + "; readers switch to it once it has caught up"));
            }
        }, 100, 100, TimeUnit.MILLISECONDS));
        return done;
    }

    /**
     * The processor stops (its last batch written and its position stored), each shadow is renamed over the
     * collection readers use, and the processor goes on from where it stopped, now writing the live collections.
     * A projection that wrote nothing into a shadow has an empty read model: its old collection goes.
     */
    private synchronized void switchOver(String projection, StreamingEventProcessor processor) {
        processor.shutDown();
        // Built over the full shadows while readers still use the old collections and nothing writes the shadows:
        // once live, nothing is read without them (ReadModelIndexes).
        long t0 = System.nanoTime();
        ensureIndexes(projection, ReadModels.SHADOW);
        long t1 = System.nanoTime();
        try {
            mongo.upsert(Query.query(Criteria.where("_id").is(projection)), new Update().set("state", "switching"), STATE);
            renameShadows(projection);
            ReadModels.rebuilding(server, projection, false);
            mongo.remove(Query.query(Criteria.where("_id").is(projection)), STATE);
        } finally {
            processor.start();
        }
        long t2 = System.nanoTime();
        // Declared again once live (idempotent): a renamed shadow keeps its indexes, but a projection that wrote nothing
        // into its shadow has no collection left to carry them.
        ensureIndexes(projection, "");
        log.info("projection {} switched to its rebuilt read model: indexes built in {} ms, collections renamed in {} ms, "
                        + "indexes checked in {} ms", projection, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
    }

    /** The projection's indexes on its collections named with {@code suffix} (live: {@code ""}). */
    private void ensureIndexes(String projection, String suffix) {
        for (org.deskfleet.query.ReadModelIndexes i : indexes) {
            if (i.projection().equals(projection)) {
                i.ensure(suffix);
            }
        }
    }

    private void renameShadows(String projection) {
        for (String name : ReadModels.collections(projection)) {
            String shadow = name + ReadModels.SHADOW;
            if (mongo.collectionExists(shadow)) {
                mongo.getCollection(shadow).renameCollection(
                        new MongoNamespace(mongo.getDb().getName(), name), new RenameCollectionOptions().dropTarget(true));
            } else if (mongo.collectionExists(name)) {
                mongo.dropCollection(name);
            }
        }
    }
}
