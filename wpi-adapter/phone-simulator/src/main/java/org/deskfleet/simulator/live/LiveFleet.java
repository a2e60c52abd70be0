package org.deskfleet.simulator.live;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * Simulated phones that keep running and react to the service: contact-me, send-solicited after a call,
 * reboots after Restart and firmware updates, DCMP polling (see {@link LivePhone}).
 * <pre>
 * try (LiveFleet fleet = LiveFleet.start(simulator, SimulatedPhone.fleet(seed, 0, 100), LiveOptions.defaults())) {
 *     fleet.startUpAll(16).traces().forEach(InteractionTrace::requireOk);
 *     // ... contact phones, add jobs ...
 *     fleet.awaitInteractions(mac, 2, Duration.ofSeconds(10));
 * }
 * </pre>
 * All listeners, timers and polls share one small event loop group owned by the fleet, so thousands of phones
 * cost a port each and no thread. Interactions go through the given simulator's client. Thread-safe.
 */
public final class LiveFleet implements AutoCloseable {

    private final PhoneSimulator simulator;
    private final EventLoopGroup group;
    private final Map<String, LivePhone> phones = new LinkedHashMap<>();

    private LiveFleet(PhoneSimulator simulator, EventLoopGroup group) {
        this.simulator = simulator;
        this.group = group;
    }

    /**
     * Binds a contact-me listener per phone and sets each phone's {@code contact-me-uri} to it; nothing is sent
     * to the service yet (see {@link #startUpAll}). With {@link LiveOptions#dcmpUrl()} set, polling starts too.
     */
    public static LiveFleet start(PhoneSimulator simulator, List<SimulatedPhone> phones, LiveOptions options) {
        LiveFleet fleet = new LiveFleet(simulator, new NioEventLoopGroup(2, new DefaultThreadFactory("live-phone", true)));
        try {
            for (SimulatedPhone p : phones) {
                LivePhone live = new LivePhone(p, simulator, fleet.group, options);
                if (fleet.phones.putIfAbsent(key(p.mac()), live) != null) {
                    live.close();
                    throw new IllegalArgumentException("phone " + p.mac() + " is in the list twice");
                }
                if (options.dcmpUrl() != null) {
                    live.startPolling(options.dcmpUrl(), options.dcmpInterval());
                }
            }
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /** One {@code start-up} per phone, at most {@code concurrency} at a time; blocks until all have ended. */
    public RunReport startUpAll(int concurrency) {
        List<LivePhone> live = phones();
        Map<SimulatedPhone, LivePhone> byPhone = new java.util.IdentityHashMap<>();
        live.forEach(p -> byPhone.put(p.phone(), p));
        return simulator.run(live.stream().map(LivePhone::phone).toList(), concurrency, p -> byPhone.get(p).startUp());
    }

    /** The phone with this MAC address (any case, {@code :} or {@code -}). */
    public LivePhone phone(String mac) {
        LivePhone p;
        synchronized (phones) {
            p = phones.get(key(mac));
        }
        if (p == null) {
            throw new NoSuchElementException("no live phone " + mac);
        }
        return p;
    }

    /** All phones, in the order given to {@link #start}. */
    public List<LivePhone> phones() {
        synchronized (phones) {
            return List.copyOf(phones.values());
        }
    }

    /** Every interaction this phone had through the fleet, in order. */
    public List<InteractionTrace> interactions(String mac) {
        return phone(mac).interactions();
    }

    /** Contact-me requests that reached this phone. */
    public int contactMeReceived(String mac) {
        return phone(mac).contactMeReceived();
    }

    /** Waits until this phone has had at least {@code n} interactions; false on timeout. */
    public boolean awaitInteractions(String mac, int n, Duration timeout) {
        try {
            return phone(mac).awaitInteractions(n, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes listeners, stops polls and timers; interactions still running are cut off with the event loop. */
    @Override
    public void close() {
        phones().forEach(LivePhone::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String key(String mac) {
        return mac.strip().toUpperCase(Locale.ROOT).replace('-', ':');
    }
}
