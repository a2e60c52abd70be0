package org.deskfleet.wpi.server.work;

import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BiConsumer;

/**
 * Pending work of one node in memory: a queue per device. Enough until jobs exist, and the shape the
 * event-fed implementation keeps (kept true by events, so a poll never touches the store).
 */
public final class InMemoryPendingWork implements PendingWork {

    private final Map<String, Deque<DeviceJob>> queues = new ConcurrentHashMap<>();
    private final BiConsumer<String, JobOutcome> onFinished;

    public InMemoryPendingWork() {
        this((id, outcome) -> { });
    }

    /** @param onFinished told every job that ends, with its id and outcome (tests and later the job side) */
    public InMemoryPendingWork(BiConsumer<String, JobOutcome> onFinished) {
        this.onFinished = onFinished;
    }

    public void add(String deviceId, DeviceJob job) {
        queues.computeIfAbsent(deviceId, k -> new ConcurrentLinkedDeque<>()).addLast(job);
    }

    @Override
    public boolean hasPending(String deviceId) {
        Deque<DeviceJob> q = queues.get(deviceId);
        return q != null && !q.isEmpty();
    }

    @Override
    public Optional<DeviceJob> next(String deviceId) {
        Deque<DeviceJob> q = queues.get(deviceId);
        return q == null ? Optional.empty() : Optional.ofNullable(q.peekFirst());
    }

    @Override
    public void finished(String deviceId, String jobId, JobOutcome outcome) {
        queues.computeIfPresent(deviceId, (k, q) -> {
            q.removeIf(j -> j.jobId().equals(jobId));
            return q.isEmpty() ? null : q;
        });
        onFinished.accept(jobId, outcome);
    }

    @Override
    public boolean holds(String deviceId, String jobId) {
        Deque<DeviceJob> q = queues.get(deviceId);
        return q != null && q.stream().anyMatch(j -> j.jobId().equals(jobId));
    }

    @Override
    public void deferred(String deviceId, String jobId, String reason) {
        // stays at the head of the queue: one job per interaction, in planned order
    }
}
