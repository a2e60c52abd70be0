package org.deskfleet.simulator.live;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Reason;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One phone of a {@link LiveFleet}: a {@link SimulatedPhone} that also reacts to the service.
 * <ul>
 *   <li>Contact-me: its own listener answers 204 and opens a {@code solicited} interaction; it can refuse
 *       ({@link #refuseContact}, 503) or be unreachable ({@link #setReachable}, port closed).</li>
 *   <li>Calls: a CleanUp with {@code send-solicited=true} is remembered while in a call and played as one
 *       {@code solicited} interaction when the call ends; an idle phone reconnects at once (wpi-protocol §7.5).</li>
 *   <li>Reboots: after a Restart or an accepted SoftwareDeployment the phone reboots after
 *       {@link LiveOptions#rebootDelay()} and registers with {@code start-up}, unless the image never returns
 *       ({@link org.deskfleet.simulator.SoftwareOutcome}).</li>
 *   <li>DCMP: polls {@code <url>/dcmp/contact-me?device-id=<mac>}; on 202 it opens {@code solicited}.</li>
 * </ul>
 * Interactions of one phone run one after another, never overlapping, and each is recorded in
 * {@link #interactions()}. Thread-safe.
 */
public final class LivePhone {

    private final SimulatedPhone phone;
    private final PhoneSimulator simulator;
    private final EventLoopGroup group;
    private final LiveOptions options;
    private final List<InteractionTrace> traces = new ArrayList<>();
    private Channel listener;
    private int port;
    private int contactsReceived;
    /** When this phone last acted on a contact-me (nanoTime), for its own contact gap. */
    private long lastCallbackNanos;
    private boolean hasCalledBack;
    private int pollsSent;
    private boolean refuseContact;
    private boolean rebooting;
    private boolean solicitPending;
    private boolean closed;
    private ScheduledFuture<?> callTimer;
    /** Bumped on every start/stop, so that a stale poll loop ends by itself. */
    private long pollGeneration;
    private boolean polling;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    LivePhone(SimulatedPhone phone, PhoneSimulator simulator, EventLoopGroup group, LiveOptions options) {
        this.phone = phone;
        this.simulator = simulator;
        this.group = group;
        this.options = options;
        phone.takeRebootRequest(); // a Restart it got before it went live is history
        listener = bindListener(0);
        port = ContactListener.port(listener);
        phone.setItem("contact-me-uri", contactMeUri().toString());
    }

    public SimulatedPhone phone() {
        return phone;
    }

    public String mac() {
        return phone.mac();
    }

    /** Where the service reaches this phone: {@code http://<bind>:<port>/contact_dls.html/ContactDLS}. */
    public synchronized URI contactMeUri() {
        return URI.create("http://" + options.bindAddress() + ":" + port + ContactListener.PATH);
    }

    // ------------------------------------------------------------ interactions

    /** A {@code start-up} interaction, queued behind any running one. */
    public CompletableFuture<InteractionTrace> startUp() {
        return interact(Reason.START_UP);
    }

    /**
     * An interaction opened with this reason, after the one running (if any) has ended; the phone then reacts
     * to how it ended (reboot, send-solicited, dcmp-url). A dead or closed phone fails the future.
     */
    public CompletableFuture<InteractionTrace> interact(Reason reason) {
        synchronized (this) {
            if (closed || phone.isDead()) {
                return CompletableFuture.failedFuture(new IllegalStateException(mac() + " is " + (closed ? "closed" : "dead")));
            }
            CompletableFuture<InteractionTrace> next = tail.handle((x, e) -> null)
                    .thenCompose(x -> simulator.interact(phone, reason))
                    .thenApply(t -> {
                        ended(t);
                        return t;
                    });
            tail = next;
            return next;
        }
    }

    /** Every interaction this phone had through the fleet, in order; each trace names the reason that opened it. */
    public synchronized List<InteractionTrace> interactions() {
        return List.copyOf(traces);
    }

    /** Waits until at least {@code n} interactions have ended; false on timeout. */
    public synchronized boolean awaitInteractions(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (traces.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void ended(InteractionTrace t) {
        boolean solicitNow = false;
        synchronized (this) {
            traces.add(t);
            notifyAll();
            if (closed) {
                return;
            }
            if (phone.takeRebootRequest()) {
                // RAM state is lost in a reboot: a remembered send-solicited too (wpi-protocol §7.5).
                solicitPending = false;
                rebooting = true;
                cancelCall();
                options.events().accept(mac() + ": rebooting");
                later(this::rebooted, options.rebootDelay());
                return;
            }
            if (phone.takeMobileUserArrival()) {
                // A server logged a user on here (a logon job): services restart, then the user's files are asked for.
                later(this::mobileUserArrived, Duration.ZERO);
            }
            if (t.ok() && t.sendSolicited()) {
                if (phone.isBusy()) {
                    solicitPending = true;
                } else {
                    solicitNow = true;
                }
            }
            if (options.followDcmpUrl() && !polling && !phone.value("dcmp-url").orElse("").isBlank()) {
                startPolling(null, options.dcmpInterval());
            }
        }
        if (solicitNow) {
            // Later, not inside this completion: the next interaction queues behind this one.
            later(() -> interact(Reason.SOLICITED), Duration.ZERO);
        }
    }

    /** As a phone does once a user is logged on at it: start-up with the user's settings, then requested-items. */
    private void mobileUserArrived() {
        interact(Reason.START_UP).thenCompose(up -> {
            phone.announce(List.of(org.deskfleet.wpi.codec.WpiItem.of("requested-items",
                    String.join(",", org.deskfleet.simulator.mobility.MobileSession.USER_DATA))));
            return interact(Reason.INVENTORY_CHANGES);
        }).whenComplete((t, e) -> phone.announce(List.of()));
    }

    private void rebooted() {
        boolean back;
        synchronized (this) {
            rebooting = false;
            if (closed) {
                return;
            }
            back = phone.reboot();
            if (!back) {
                options.events().accept(mac() + ": never came back from the firmware update");
                stopPolling();
                Channel c = detachListener();
                if (c != null) {
                    c.close(); // on the event loop: never wait here
                }
                return;
            }
        }
        startUpUntilAnswered();
    }

    /**
     * A phone keeps trying its start-up until a server answers it (one that is down, or restarting) and takes it: a
     * server still catching up after its own restart sheds it with {@code overload} for longer than one interaction's
     * retries, and the job waiting for this start-up would otherwise wait for a phone that gave up.
     */
    static final Duration START_UP_RETRY = Duration.ofSeconds(3);

    private void startUpUntilAnswered() {
        interact(Reason.START_UP).whenComplete((t, e) -> {
            boolean unanswered = e == null && !t.ok() && (t.steps().stream().allMatch(st -> st.httpStatus() == 0)
                    || t.failure().kind() == org.deskfleet.simulator.ErrorKind.OVERLOAD);
            boolean gone;
            synchronized (this) {
                gone = closed || phone.isDead();
            }
            if (unanswered && !gone) {
                options.events().accept(mac() + ": start-up not answered, trying again in " + START_UP_RETRY.toSeconds() + " s");
                later(this::startUpUntilAnswered, START_UP_RETRY);
            }
        });
    }

    // ------------------------------------------------------------ contact-me

    /** Number of contact-me requests that reached this phone's listener (answered or refused). */
    public synchronized int contactMeReceived() {
        return contactsReceived;
    }

    /** While true, contact-me is answered 503 and not acted on. */
    public synchronized void refuseContact(boolean refuse) {
        this.refuseContact = refuse;
    }

    /**
     * Unreachable closes the listener (connection refused); reachable binds it again on the same port. Blocks
     * until done; not to be called on an event loop thread.
     */
    public void setReachable(boolean reachable) {
        Channel toClose;
        int rebind;
        synchronized (this) {
            if (closed || reachable == (listener != null)) {
                return;
            }
            toClose = reachable ? null : detachListener();
            rebind = port;
        }
        // Outside the lock: binding and closing wait for the event loop, which may be waiting for this lock.
        if (toClose != null) {
            toClose.close().syncUninterruptibly();
            return;
        }
        Channel bound = bindListener(rebind);
        synchronized (this) {
            if (closed || listener != null) {
                bound.close();
            } else {
                listener = bound;
            }
        }
    }

    public synchronized boolean isReachable() {
        return listener != null;
    }

    private Channel bindListener(int wanted) {
        return ContactListener.bind(group, options.bindAddress(), wanted, new ContactListener.Phone() {
            @Override
            public ContactListener.Answer contacted(boolean contactMe) {
                synchronized (LivePhone.this) {
                    contactsReceived++;
                    if (refuseContact || rebooting) {
                        return new ContactListener.Answer(503, false);
                    }
                    long now = System.nanoTime();
                    boolean inGap = hasCalledBack && now - lastCallbackNanos < options.contactGap().toNanos();
                    boolean callBack = contactMe && !inGap;
                    if (callBack) {
                        hasCalledBack = true;
                        lastCallbackNanos = now;
                    }
                    return new ContactListener.Answer(204, callBack);
                }
            }

            @Override
            public void answered(ContactListener.Answer answer) {
                options.events().accept(mac() + ": contact-me answered " + answer.status()
                        + (answer.callBack() ? ", calling back (solicited)" : answer.status() == 204 ? ", no callback" : ""));
                if (answer.callBack()) {
                    later(() -> interact(Reason.SOLICITED), options.callbackDelay());
                }
            }
        });
    }

    private Channel detachListener() {
        Channel c = listener;
        listener = null;
        return c;
    }

    // ------------------------------------------------------------ calls

    /** Puts the phone in a call for {@link LiveOptions#callDuration()} (zero: until {@link #endCall()}). */
    public void startCall() {
        startCall(options.callDuration());
    }

    /** Puts the phone in a call; it ends by itself after {@code duration} unless that is zero. */
    public synchronized void startCall(Duration duration) {
        cancelCall();
        phone.setBusy(true);
        if (!duration.isZero()) {
            callTimer = later(this::endCall, duration);
        }
    }

    /** Ends the call; a remembered send-solicited now becomes one {@code solicited} interaction. */
    public void endCall() {
        boolean solicit;
        synchronized (this) {
            cancelCall();
            phone.setBusy(false);
            solicit = solicitPending;
            solicitPending = false;
        }
        if (solicit) {
            interact(Reason.SOLICITED);
        }
    }

    public boolean isInCall() {
        return phone.isBusy();
    }

    /** Whether a send-solicited waits for the call to end. */
    public synchronized boolean solicitPending() {
        return solicitPending;
    }

    private void cancelCall() {
        if (callTimer != null) {
            callTimer.cancel(false);
            callTimer = null;
        }
    }

    // ------------------------------------------------------------ DCMP

    /**
     * Polls every {@code interval}: {@code <baseUrl>/dcmp/contact-me?device-id=<mac>} (a base already ending in
     * {@code /dcmp/} is used as it is). A null base uses the phone's {@code dcmp-url} item at each poll.
     */
    public synchronized void startPolling(String baseUrl, Duration interval) {
        long generation = ++pollGeneration;
        polling = true;
        schedulePoll(generation, baseUrl, interval);
    }

    public synchronized void stopPolling() {
        pollGeneration++;
        polling = false;
    }

    public synchronized boolean isPolling() {
        return polling;
    }

    /** Polls sent so far (answered or not). */
    public synchronized int pollsSent() {
        return pollsSent;
    }

    private void schedulePoll(long generation, String baseUrl, Duration interval) {
        later(() -> poll(generation, baseUrl, interval), interval);
    }

    private void poll(long generation, String baseUrl, Duration interval) {
        URI uri;
        synchronized (this) {
            if (closed || generation != pollGeneration) {
                return;
            }
            String base = baseUrl != null ? baseUrl : phone.value("dcmp-url").orElse("");
            if (rebooting || base.isBlank()) {
                schedulePoll(generation, baseUrl, interval);
                return;
            }
            try {
                uri = pollUri(base, mac());
            } catch (IllegalArgumentException e) {
                schedulePoll(generation, baseUrl, interval);
                return;
            }
            pollsSent++;
        }
        CompletableFuture<Integer> answer;
        try {
            answer = PlainHttp.get(group, uri, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            return; // the fleet is shutting down
        }
        answer.whenComplete((status, e) -> {
            if (status != null && status == 202) {
                options.events().accept(mac() + ": poll answered 202, calling in (solicited)");
                // The next poll waits for the interaction: a phone has one at a time.
                interact(Reason.SOLICITED).whenComplete((t, x) -> reschedule(generation, baseUrl, interval));
            } else {
                reschedule(generation, baseUrl, interval);
            }
        });
    }

    private synchronized void reschedule(long generation, String baseUrl, Duration interval) {
        if (!closed && generation == pollGeneration) {
            schedulePoll(generation, baseUrl, interval);
        }
    }

    /** Runs on the fleet's event loop after {@code delay}; null (nothing scheduled) once the fleet shut down. */
    private ScheduledFuture<?> later(Runnable task, Duration delay) {
        try {
            return group.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    static URI pollUri(String base, String mac) {
        String b = base.strip().replaceAll("/+$", "");
        String path = b.toLowerCase(Locale.ROOT).endsWith("/dcmp") ? b + "/contact-me" : b + "/dcmp/contact-me";
        return URI.create(path + "?device-id=" + mac);
    }

    // ------------------------------------------------------------ lifecycle

    /** Stops polling and timers and closes the listener; running interactions end on their own. */
    void close() {
        Channel c;
        synchronized (this) {
            closed = true;
            pollGeneration++;
            polling = false;
            cancelCall();
            c = detachListener();
            notifyAll();
        }
        if (c != null) {
            c.close().syncUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "LivePhone[" + mac() + ", port " + port + "]";
    }
}
