package org.deskfleet.wpi.server.log;

import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Log lines caused by what strangers send. Anyone on the phone network can send rejected messages as fast
 * as the network carries them, and put line breaks or 16 k characters into what is logged. So each kind of
 * problem is logged at most once per interval (the next line says how many were left out), and every
 * argument is cut to a short length with control characters escaped: one problem, one line, no forged lines.
 */
public final class LogGuard {

    /** Longest argument written, in characters, before "…(+N)". */
    public static final int MAX_ARGUMENT = 200;

    private final long intervalNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        volatile long openedAt;
        final AtomicLong suppressed = new AtomicLong();

        Window(long openedAt) {
            this.openedAt = openedAt;
        }
    }

    private final java.util.function.LongSupplier nanoTime;

    public LogGuard(java.time.Duration interval) {
        this(interval, System::nanoTime);
    }

    /** With a clock of one's own (nanoseconds, like {@link System#nanoTime}). */
    public LogGuard(java.time.Duration interval, java.util.function.LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A guard with a 10 s interval per kind of problem. */
    public static LogGuard standard() {
        return new LogGuard(java.time.Duration.ofSeconds(10));
    }

    public void warn(Logger log, String kind, String format, Object... args) {
        if (!log.isWarnEnabled()) {
            return;
        }
        long left = admit(kind);
        if (left >= 0) {
            log.warn(format + (left > 0 ? " (" + left + " similar left out)" : ""), clean(args));
        }
    }

    public void info(Logger log, String kind, String format, Object... args) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long left = admit(kind);
        if (left >= 0) {
            log.info(format + (left > 0 ? " (" + left + " similar left out)" : ""), clean(args));
        }
    }

    /** -1 when this line is left out; otherwise how many were left out before it. */
    private long admit(String kind) {
        long now = nanoTime.getAsLong();
        if (windows.size() > 1_000) {
            windows.clear(); // kinds are fixed strings in code; this only guards against misuse
        }
        Window w = windows.computeIfAbsent(kind, k -> new Window(now - intervalNanos - 1));
        synchronized (w) {
            if (now - w.openedAt > intervalNanos) {
                w.openedAt = now;
                return w.suppressed.getAndSet(0);
            }
        }
        w.suppressed.incrementAndGet();
        return -1;
    }

    private static Object[] clean(Object[] args) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            // A trailing throwable keeps its stack trace; everything else becomes a safe short string.
            out[i] = a instanceof Throwable && i == args.length - 1 ? a : a == null ? null : escape(String.valueOf(a));
        }
        return out;
    }

    /** Control characters (line breaks included) as \n, \r, \t or \\uXXXX; cut at {@link #MAX_ARGUMENT}. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_ARGUMENT) + 16);
        int n = Math.min(s.length(), MAX_ARGUMENT);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (s.length() > n) {
            b.append("…(+").append(s.length() - n).append(')');
        }
        return b.toString();
    }
}
