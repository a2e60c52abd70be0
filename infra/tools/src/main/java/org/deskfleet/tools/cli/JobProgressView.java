package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Renders a job's {@code JobUpdate}s. On a terminal: one progress bar redrawn in place, job-level changes
 * printed above it. Elsewhere (CI logs): a plain line per job-level change and per 5 % of progress.
 */
public final class JobProgressView {

    static final int BAR_WIDTH = 20;
    /** Redraw the bar at most this often; job-level changes and the end are always drawn. */
    static final long REDRAW_NANOS = 100_000_000L;
    static final Set<String> TERMINAL_STATES = Set.of("SUCCESS", "PARTIAL_SUCCESSFUL", "FAILED", "TIMEOUT");

    public static final int EXIT_SUCCESS = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_PARTIAL = 2;
    public static final int EXIT_FAILED = 3;

    /** The counts of a job, as the API reports them. */
    record Counts(int total, int pending, int succeeded, int partial, int failed, int timedOut) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

        static Counts of(JsonNode n) {
            return new Counts(n.path("total").asInt(), n.path("pending").asInt(), n.path("succeeded").asInt(),
                    n.path("partial").asInt(), n.path("failed").asInt(), n.path("timedOut").asInt());
        }

        int done() {
            return Math.max(0, total - pending);
        }
    }

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private String jobId;
    private String jobState;
    private String lastDetail;
    private Counts counts = Counts.NONE;
    private long lastVersion = Long.MIN_VALUE;
    private int lastStep = -1;
    private int barLength;
    private String shownBar = "";
    private boolean barShown;
    private long lastDraw = Long.MIN_VALUE;
    private boolean ended;
    private boolean dirty;

    public JobProgressView(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** One {@code JobUpdate} (the {@code jobProgress} field of a subscription's data). */
    public synchronized void accept(JsonNode update) {
        if (update == null || update.isMissingNode() || update.isNull()) {
            return;
        }
        long version = update.path("version").asLong(Long.MIN_VALUE);
        if (version != Long.MIN_VALUE && version < lastVersion) {
            return; // older than what is shown
        }
        lastVersion = Math.max(lastVersion, version);
        jobId = update.path("jobId").asText(jobId);
        if (update.hasNonNull("counts")) {
            counts = Counts.of(update.get("counts"));
        }
        boolean jobLevel = update.path("deviceId").isNull() || update.path("deviceId").isMissingNode();
        String detail = update.path("detail").isTextual() ? update.get("detail").asText() : null;
        boolean first = jobState == null;
        if (jobLevel) {
            jobState = update.path("state").asText(jobState);
            lastDetail = detail;
        } else if (first) {
            jobState = "ACTIVE"; // a target changed before any job-level update: the job runs
        }
        if (terminal) {
            if (jobLevel && !first && detail != null && !TERMINAL_STATES.contains(jobState)) {
                line(jobState + ": " + detail);
            }
            long now = nanoTime.getAsLong();
            if (jobLevel || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
                drawBar(now);
            } else {
                dirty = true;
            }
        } else {
            int step = step();
            if (jobLevel || step > lastStep) {
                out.println(plain(update.path("at").asText(null), jobLevel && !first ? detail : null));
                out.flush();
            }
            lastStep = Math.max(lastStep, step);
        }
    }

    /** Called now and then on a terminal: draws a change the redraw limit held back. */
    public synchronized void tick() {
        if (terminal && dirty && !ended) {
            drawBar(nanoTime.getAsLong());
        }
    }

    /** The subscription completed: draws the final state and says how the job ended. */
    public synchronized int finished() {
        if (terminal && jobState != null) {
            drawBar(nanoTime.getAsLong());
        }
        endBar();
        String id = jobId == null ? "" : jobId + " ";
        if (jobState == null) {
            out.println("job " + id + "sent nothing before the subscription ended");
            return EXIT_ERROR;
        }
        if (!TERMINAL_STATES.contains(jobState)) {
            boolean deleted = lastDetail != null && lastDetail.startsWith("deleted");
            out.println("job " + id + (deleted ? "was deleted" : "stopped reporting") + " while " + jobState + "  " + summary());
            out.flush();
            return EXIT_ERROR;
        }
        out.println("job " + id + jobState + "  " + summary());
        out.flush();
        return switch (jobState) {
            case "SUCCESS" -> EXIT_SUCCESS;
            case "PARTIAL_SUCCESSFUL" -> EXIT_PARTIAL;
            default -> EXIT_FAILED;
        };
    }

    /** The subscription failed: leaves the terminal tidy before the error is printed. */
    public synchronized void aborted() {
        endBar();
    }

    // ------------------------------------------------------------------ rendering

    /** {@code [##########----------] 512/1000  ok 480  partial 12  failed 3  timeout 0  ACTIVE} */
    String bar() {
        int filled = counts.total() == 0 ? (TERMINAL_STATES.contains(jobState) ? BAR_WIDTH : 0)
                : (int) ((long) counts.done() * BAR_WIDTH / counts.total());
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                + counts.done() + "/" + counts.total() + "  " + tally() + "  " + jobState;
    }

    String plain(String at, String detail) {
        StringBuilder b = new StringBuilder();
        if (at != null && !at.isBlank()) {
            b.append(seconds(at)).append(' ');
        }
        b.append(jobState).append("  ").append(counts.done()).append('/').append(counts.total());
        if (counts.total() > 0) {
            b.append(" (").append(counts.done() * 100L / counts.total()).append("%)");
        }
        b.append("  ").append(tally());
        if (detail != null && !detail.isBlank()) {
            b.append("  - ").append(detail);
        }
        return b.toString();
    }

    private String summary() {
        return counts.total() + (counts.total() == 1 ? " target  " : " targets  ") + tally()
                + (counts.pending() > 0 ? "  pending " + counts.pending() : "");
    }

    private String tally() {
        return "ok " + counts.succeeded() + "  partial " + counts.partial() + "  failed " + counts.failed()
                + "  timeout " + counts.timedOut();
    }

    /** 5 % steps of progress: 0..20. */
    private int step() {
        return counts.total() == 0 ? 0 : (int) ((long) counts.done() * 20 / counts.total());
    }

    private void drawBar(long now) {
        String bar = bar();
        if (barShown && bar.equals(shownBar)) {
            dirty = false;
            return; // a target change that moved no count
        }
        out.print("\r" + bar + " ".repeat(Math.max(0, barLength - bar.length())));
        out.flush();
        barLength = bar.length();
        shownBar = bar;
        barShown = true;
        lastDraw = now;
        dirty = false;
    }

    /** A line above the bar: overwrite the bar with it, the bar is drawn again below. */
    private void line(String text) {
        if (barShown) {
            out.print("\r" + text + " ".repeat(Math.max(0, barLength - text.length())) + "\n");
            barShown = false;
            barLength = 0;
        } else {
            out.println(text);
        }
    }

    private void endBar() {
        if (terminal && barShown && !ended) {
            out.println();
            out.flush();
        }
        ended = true;
        barShown = false;
    }

    /** ISO instants to whole seconds: {@code 2026-12-01T17:20:01.123456Z} to {@code 2026-12-01T17:20:01Z}. */
    private static String seconds(String at) {
        int dot = at.indexOf('.');
        if (dot > 0 && at.endsWith("Z")) {
            return at.substring(0, dot) + "Z";
        }
        return at;
    }
}
