package org.deskfleet.app.config;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A network listener owned by the application: opened after everything else (Axon's processors included)
 * and closed first, so no phone reaches a half-started server; with optional periodic housekeeping.
 */
abstract class ListenerLifecycle implements SmartLifecycle {

    private volatile boolean running;
    private ScheduledExecutorService housekeeping;

    protected abstract void open();

    /** The lifecycle of a service that keeps its own timers (job delivery): opened and closed with the listeners. */
    static ListenerLifecycle of(Runnable open, Runnable shut) {
        return new ListenerLifecycle() {
            @Override
            protected void open() {
                open.run();
            }

            @Override
            protected void shut() {
                shut.run();
            }
        };
    }

    protected abstract void shut();

    /** Runs {@code task} every {@code period} while the listener is open. */
    protected final void every(Duration period, String name, Runnable task) {
        if (housekeeping == null) {
            housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
        housekeeping.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public final synchronized void start() {
        open();
        running = true;
    }

    @Override
    public final synchronized void stop() {
        if (running) {
            if (housekeeping != null) {
                housekeeping.shutdownNow();
                housekeeping = null;
            }
            shut();
            running = false;
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
