package org.deskfleet.wpi.server.work;

import org.deskfleet.wpi.codec.WpiItem;

import java.util.List;

/**
 * One job for one device, as a sequence of WPI actions. Each step is one service message; the engine sends
 * them in order within one interaction and reports each reply.
 */
public record DeviceJob(String jobId, List<Step> steps) {

    public DeviceJob {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("a job has at least one step");
        }
        steps = List.copyOf(steps);
    }

    /**
     * One action and its items. A {@code checkpoint} step is sent whole (never split), and once the phone
     * accepted it, {@link PendingWork#checkpoint} decides what follows: more steps, or the job fails. What a
     * checkpoint read is the job's, not the phone's record (a mobile user's files).
     */
    public record Step(org.deskfleet.wpi.codec.Action action, List<WpiItem> items, boolean checkpoint) {
        public Step {
            items = items == null ? List.of() : List.copyOf(items);
        }

        public Step(org.deskfleet.wpi.codec.Action action, List<WpiItem> items) {
            this(action, items, false);
        }

        /** The same step, as a checkpoint. */
        public Step asCheckpoint() {
            return new Step(action, items, true);
        }
    }
}
