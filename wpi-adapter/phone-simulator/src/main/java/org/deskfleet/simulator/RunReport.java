package org.deskfleet.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Outcome of {@link PhoneSimulator#run}: counts, timing and failures of a batch of interactions.
 *
 * @param phones          interactions started
 * @param ok              ended with a normal CleanUp
 * @param failed          did not
 * @param registered      ok and the service read all items
 * @param alreadyKnown    ok without ReadAllItems
 * @param overloadRetries restarts after {@code overload}, summed
 * @param elapsed         wall time of the whole batch
 * @param throughput      successful interactions per second of {@code elapsed}
 * @param p50             median duration of the successful interactions (zero if none)
 * @param p99             99th percentile, nearest rank
 * @param max             longest
 * @param errorsByKind    failures per kind
 * @param firstErrors     the first message seen per kind, for diagnosis
 * @param traces          every trace, in completion order
 */
public record RunReport(int phones, int ok, int failed, int registered, int alreadyKnown, int overloadRetries,
                        Duration elapsed, double throughput, Duration p50, Duration p99, Duration max,
                        Map<ErrorKind, Integer> errorsByKind, Map<ErrorKind, String> firstErrors,
                        List<InteractionTrace> traces) {

    public RunReport {
        // EnumMap keeps kinds in declaration order; its copy constructor refuses an empty non-EnumMap.
        errorsByKind = errorsByKind.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(errorsByKind));
        firstErrors = firstErrors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(firstErrors));
        traces = List.copyOf(traces);
    }

    /** Builds the report from finished traces. */
    public static RunReport of(List<InteractionTrace> traces, Duration elapsed) {
        int ok = 0;
        int registered = 0;
        int retries = 0;
        List<Duration> latencies = new ArrayList<>();
        Map<ErrorKind, Integer> errors = new EnumMap<>(ErrorKind.class);
        Map<ErrorKind, String> first = new EnumMap<>(ErrorKind.class);
        for (InteractionTrace t : traces) {
            retries += t.overloadRetries();
            if (t.ok()) {
                ok++;
                latencies.add(t.duration());
                if (t.registered()) {
                    registered++;
                }
            } else {
                errors.merge(t.failure().kind(), 1, Integer::sum);
                first.putIfAbsent(t.failure().kind(), t.failure().message());
            }
        }
        Collections.sort(latencies);
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return new RunReport(traces.size(), ok, traces.size() - ok, registered, ok - registered, retries, elapsed,
                ok / seconds, percentile(latencies, 50), percentile(latencies, 99),
                latencies.isEmpty() ? Duration.ZERO : latencies.getLast(), errors, first, traces);
    }

    /** Nearest-rank percentile of sorted durations; zero for an empty list. */
    public static Duration percentile(List<Duration> sorted, double percent) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(rank, 1)) - 1);
    }

    /** Milliseconds with one decimal, for printing. */
    public static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e6);
    }

    /** One line per failure kind: {@code CONNECT 3 (first: ...)}. */
    public List<String> errorLines() {
        List<String> out = new ArrayList<>();
        errorsByKind.forEach((k, n) -> out.add(k + " " + n + " (first: " + firstErrors.get(k) + ")"));
        return out;
    }
}
