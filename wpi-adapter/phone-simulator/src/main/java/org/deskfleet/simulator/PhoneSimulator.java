package org.deskfleet.simulator;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiDecodeException;
import org.deskfleet.wpi.codec.WpiItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Plays WPI interactions for simulated phones over a {@link WpiHttpsClient} and runs batches of them with
 * bounded concurrency.
 * <p>
 * Phone behaviour per service action: {@code ReadAllItems} → {@code reply-to} accepted with all items
 * (fragment final); {@code ReadItems} → the requested items; {@code WriteItems} → applied, accepted with an
 * empty {@code ItemList}; {@code CleanUp} → end; any other action → {@code reply-to} failed. A CleanUp with
 * {@code cleanup-reason=overload} restarts the interaction after a pause (wpi-protocol §7.12). A response that is
 * not a readable {@code DLSMessage} ends the interaction with a phone {@code clean-up} message, as phones do
 * on invalid XML (wpi-protocol §11). A phone's {@link Misbehaviour} changes how it replies (slow, dropped,
 * malformed).
 * <p>
 * Interaction futures complete normally with a trace also when the interaction failed; see
 * {@link InteractionTrace#failure()} and {@link InteractionTrace#requireOk()}.
 */
public final class PhoneSimulator {

    private static final Logger log = LoggerFactory.getLogger(PhoneSimulator.class);

    private final WpiHttpsClient client;
    private final WpiCodec codec;
    private final RetryPolicy retry;

    public PhoneSimulator(WpiHttpsClient client) {
        this(client, new WpiCodec(), RetryPolicy.DEFAULT);
    }

    public PhoneSimulator(WpiHttpsClient client, WpiCodec codec, RetryPolicy retry) {
        this.client = Objects.requireNonNull(client);
        this.codec = Objects.requireNonNull(codec);
        this.retry = Objects.requireNonNull(retry);
    }

    public WpiHttpsClient client() {
        return client;
    }

    /** A start-up interaction (wpi-protocol §7.1): start-up with the basic items, then whatever the service asks. */
    public CompletableFuture<InteractionTrace> startUp(SimulatedPhone phone) {
        return interact(phone, Reason.START_UP);
    }

    /** An interaction opened with any first-message reason (start-up, solicited, local-changes, ...). */
    public CompletableFuture<InteractionTrace> interact(SimulatedPhone phone, Reason reason) {
        if (!reason.startsInteraction()) {
            throw new IllegalArgumentException(reason + " does not open an interaction");
        }
        Recorder rec = new Recorder(phone.mac(), reason);
        CompletableFuture<Void> flow;
        try {
            flow = attempt(phone, reason, rec, 0);
        } catch (RuntimeException e) {
            flow = CompletableFuture.failedFuture(e);
        }
        return flow.handle((v, e) -> rec.finish(e));
    }

    /** {@link #run(List, int, Function)} with {@link #startUp}. */
    public RunReport run(List<SimulatedPhone> phones, int concurrency) {
        return run(phones, concurrency, this::startUp);
    }

    /**
     * Runs one interaction per phone, at most {@code concurrency} at a time, and blocks until all have ended.
     * The caller's thread starts the interactions; Netty's event loops carry them on.
     */
    public RunReport run(List<SimulatedPhone> phones, int concurrency,
                         Function<SimulatedPhone, CompletableFuture<InteractionTrace>> interaction) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        Semaphore permits = new Semaphore(concurrency);
        List<InteractionTrace> traces = Collections.synchronizedList(new ArrayList<>(phones.size()));
        CountDownLatch done = new CountDownLatch(phones.size());
        long start = System.nanoTime();
        for (SimulatedPhone phone : phones) {
            permits.acquireUninterruptibly();
            long t0 = System.nanoTime();
            CompletableFuture<InteractionTrace> f;
            try {
                f = Objects.requireNonNull(interaction.apply(phone), "interaction returned null");
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((trace, error) -> {
                traces.add(trace != null ? trace : Recorder.crashed(phone, error, System.nanoTime() - t0));
                permits.release();
                done.countDown();
            });
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish the batch anyway: the futures are already running
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return RunReport.of(new ArrayList<>(traces), Duration.ofNanos(System.nanoTime() - start));
    }

    // ------------------------------------------------------------------ the flow

    private CompletableFuture<Void> attempt(SimulatedPhone phone, Reason reason, Recorder rec, int retriesSoFar) {
        String nonce = phone.newNonce();
        byte[] first = codec.writePhoneMessage(new PhoneMessage(nonce, phone.maxItems(), null, reason, reason.wire(),
                null, null, phone.basicItems()));
        WpiSession session = client.openSession();
        return roundTrip(session, phone, nonce, first, rec, 1)
                .whenComplete((overload, e) -> {
                    rec.connections(session.connectionsOpened());
                    session.close();
                })
                .thenCompose(overload -> {
                    if (!overload) {
                        return CompletableFuture.completedFuture(null);
                    }
                    if (retriesSoFar >= retry.maxOverloadRetries()) {
                        throw new SimulatorException(ErrorKind.OVERLOAD,
                                "service still overloaded after " + retriesSoFar + " retries");
                    }
                    rec.overloadRetry();
                    long delay = ThreadLocalRandom.current().nextLong(retry.minDelay().toNanos(), retry.maxDelay().toNanos() + 1);
                    log.debug("{}: service overloaded, retrying in {} ms", phone.mac(), delay / 1_000_000);
                    return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS))
                            .thenCompose(x -> attempt(phone, reason, rec, retriesSoFar + 1));
                });
    }

    /** Sends one message and follows the service's answer; completes with "ended by CleanUp overload". */
    private CompletableFuture<Boolean> roundTrip(WpiSession session, SimulatedPhone phone, String nonce, byte[] body,
                                                 Recorder rec, int n) {
        String cookieSent = session.cookieHeader();
        return session.post(body)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        rec.step(new InteractionTrace.Step(0, null, null, cookieSent, Duration.ZERO, false));
                    }
                })
                .thenCompose(resp -> {
                    resp.setCookies().forEach(c -> rec.cookie(c.name() + "=" + c.value()));
                    if (resp.status() != 200) {
                        rec.step(step(resp, null, null, cookieSent));
                        throw new SimulatorException(ErrorKind.HTTP_STATUS,
                                "HTTP " + resp.status() + " in round trip " + n);
                    }
                    ServiceMessage msg;
                    try {
                        msg = codec.readServiceMessage(resp.body());
                    } catch (WpiDecodeException e) {
                        rec.step(step(resp, null, null, cookieSent));
                        SimulatorException failure = new SimulatorException(ErrorKind.BAD_RESPONSE,
                                "round trip " + n + ": " + e.problem() + ": " + e.getMessage(), e);
                        return phoneCleanUp(session, nonce).<Boolean>thenApply(x -> {
                            throw failure;
                        });
                    }
                    String cleanupReason = msg.action() == Action.CLEAN_UP ? msg.item("cleanup-reason").orElse(null) : null;
                    boolean solicit = msg.action() == Action.CLEAN_UP
                            && msg.item("send-solicited").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
                    rec.step(new InteractionTrace.Step(resp.status(), msg.action(), cleanupReason, cookieSent, resp.latency(),
                            resp.reusedConnection(), solicit));
                    if (!nonce.equals(msg.nonce())) {
                        throw new SimulatorException(ErrorKind.NONCE_MISMATCH,
                                "round trip " + n + ": sent nonce " + nonce + ", service echoed " + msg.nonce());
                    }
                    if (msg.action() == Action.CLEAN_UP) {
                        return CompletableFuture.completedFuture(
                                cleanupReason != null && cleanupReason.strip().equalsIgnoreCase("overload"));
                    }
                    if (msg.action() == Action.RESTART) {
                        // No reply to a Restart: the phone reboots (a factory reset also forgets its settings)
                        // and registers again with start-up, which the caller plays.
                        phone.restarted(msg.items());
                        return CompletableFuture.completedFuture(false);
                    }
                    if (n >= retry.maxRoundTrips()) {
                        throw new SimulatorException(ErrorKind.PROTOCOL,
                                "no CleanUp after " + n + " round trips (last action " + msg.action().wire() + ")");
                    }
                    return switch (phone.misbehaviour()) {
                        case NONE -> roundTrip(session, phone, nonce, codec.writePhoneMessage(answer(phone, nonce, msg)), rec, n + 1);
                        case DROP -> {
                            // Gone without a word, the action not applied: the service must not count it as done.
                            session.close();
                            throw new SimulatorException(ErrorKind.CONNECTION_CLOSED,
                                    "phone dropped the connection on purpose after " + msg.action().wire());
                        }
                        case MALFORMED -> {
                            // Cut mid-document; the action is not applied, as the phone "crashed" while answering.
                            byte[] whole = codec.writePhoneMessage(PhoneMessage.replyTo(nonce, msg.action(), ReplyStatus.ACCEPTED, List.of()));
                            yield roundTrip(session, phone, nonce, java.util.Arrays.copyOf(whole, whole.length / 2), rec, n + 1);
                        }
                        case SLOW -> {
                            byte[] reply = codec.writePhoneMessage(answer(phone, nonce, msg));
                            yield CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(
                                            phone.slowReplyDelay().toNanos(), TimeUnit.NANOSECONDS))
                                    .thenCompose(x -> roundTrip(session, phone, nonce, reply, rec, n + 1));
                        }
                    };
                });
    }

    /** The phone's reaction to one service action. */
    private static PhoneMessage answer(SimulatedPhone phone, String nonce, ServiceMessage msg) {
        int max = msg.items().size();
        if (phone.maxItems() > 0 && max > phone.maxItems()) {
            // The service broke the limit the phone announced: refused.
            return PhoneMessage.replyTo(nonce, msg.action(), ReplyStatus.FAILED, List.of());
        }
        return switch (msg.action()) {
            case READ_ALL_ITEMS -> {
                List<WpiItem> all = phone.allItems();
                // The service has now seen the change; a real phone clears the flag once it was read.
                phone.markConfigurationChanged(false);
                yield phone.fragmentSize() > 0 && all.size() > phone.fragmentSize()
                        ? phone.startFragments(nonce, all)
                        : PhoneMessage.replyTo(nonce, Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED, all);
            }
            case GET_NEXT_FRAGMENT -> phone.nextFragment(nonce)
                    .orElse(PhoneMessage.replyTo(nonce, Action.GET_NEXT_FRAGMENT, ReplyStatus.FAILED, List.of()));
            case SOFTWARE_DEPLOYMENT -> phone.isBusy() && msg.item("file-priority").map("normal"::equalsIgnoreCase).orElse(false)
                    ? PhoneMessage.replyTo(nonce, Action.SOFTWARE_DEPLOYMENT, ReplyStatus.BUSY, List.of())
                    : PhoneMessage.replyTo(nonce, Action.SOFTWARE_DEPLOYMENT, ReplyStatus.ACCEPTED, List.of(phone.acceptSoftware(msg.items())));
            case FILE_DEPLOYMENT -> phone.deployFiles(nonce, msg.items());
            case READ_ITEMS -> PhoneMessage.replyTo(nonce, Action.READ_ITEMS, ReplyStatus.ACCEPTED,
                    phone.readItems(msg.items()));
            case WRITE_ITEMS -> phone.isBusy()
                    // In a call: refused without an ItemList (guide 3.6.4).
                    ? PhoneMessage.replyTo(nonce, Action.WRITE_ITEMS, ReplyStatus.BUSY, List.of())
                    : PhoneMessage.replyTo(nonce, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, phone.writeItemsRejecting(msg.items()));
            default -> PhoneMessage.replyTo(nonce, msg.action(), ReplyStatus.FAILED, List.of());
        };
    }

    /** Best effort: tell the service the phone gives up; its answer does not matter. */
    private CompletableFuture<Void> phoneCleanUp(WpiSession session, String nonce) {
        byte[] body = codec.writePhoneMessage(PhoneMessage.of(nonce, Reason.CLEAN_UP, List.of()));
        return session.post(body).handle((r, e) -> null);
    }

    private static InteractionTrace.Step step(WpiResponse r, Action action, String cleanupReason, String cookieSent) {
        return new InteractionTrace.Step(r.status(), action, cleanupReason, cookieSent, r.latency(), r.reusedConnection());
    }

    /** Collects a trace while the asynchronous flow runs; callbacks of one interaction never overlap. */
    private static final class Recorder {
        private final String mac;
        private final Reason reason;
        private final long startNanos = System.nanoTime();
        private final List<InteractionTrace.Step> steps = new ArrayList<>();
        private final Set<String> cookies = new LinkedHashSet<>();
        private int overloadRetries;
        private int connections;

        Recorder(String mac, Reason reason) {
            this.mac = mac;
            this.reason = reason;
        }

        synchronized void step(InteractionTrace.Step s) {
            steps.add(s);
        }

        synchronized void cookie(String c) {
            cookies.add(c);
        }

        synchronized void overloadRetry() {
            overloadRetries++;
        }

        synchronized void connections(int n) {
            connections += n;
        }

        synchronized InteractionTrace finish(Throwable error) {
            InteractionTrace.Failure failure = null;
            if (error != null) {
                Throwable t = ErrorKind.unwrap(error);
                failure = new InteractionTrace.Failure(ErrorKind.of(t), String.valueOf(t.getMessage()));
            }
            return new InteractionTrace(mac, reason, steps, cookies, overloadRetries, connections,
                    Duration.ofNanos(System.nanoTime() - startNanos), failure);
        }

        static InteractionTrace crashed(SimulatedPhone phone, Throwable error, long nanos) {
            Throwable t = ErrorKind.unwrap(error);
            return new InteractionTrace(phone.mac(), Reason.START_UP, List.of(), Set.of(), 0, 0, Duration.ofNanos(nanos),
                    new InteractionTrace.Failure(ErrorKind.of(t), String.valueOf(t.getMessage())));
        }
    }
}
