package org.deskfleet.delivery;

import org.deskfleet.wpi.server.work.DeviceJob;

import java.util.concurrent.CompletableFuture;

/**
 * Where one target (one job on one phone) stands on this node, before the Job's events come back through the
 * index. The target's phases themselves are the Job's events ({@link org.deskfleet.kernel.job.TargetPhase}:
 * pending, contacting, in interaction, awaiting start-up, ended); these local states only cover the short
 * while the events lag behind this node's own commands:
 *
 * <pre>
 *   (index: pending) ──next()──▶ SERVING ──finished()──▶ ENDED ──(the index shows the result)──▶ forgotten
 *          ▲                        │
 *          └──── deferred() ◀───────┘
 * </pre>
 *
 * An ENDED target is not served again, and its start-up is told only after its result was recorded.
 */
sealed interface TargetDelivery {

    /**
     * In an interaction: this is what was sent (for the read-back check and the exchange summary), and the
     * job's plan (whether the target ends at the answer or at the next start-up). {@code recorded}: the word
     * "serving" sent to the Job; what ends or defers the target is sent after it, so the Job's events keep
     * the order in which things happened at the phone.
     */
    record Serving(DeviceJob job, org.deskfleet.kernel.job.DeliveryPlan plan, CompletableFuture<Void> recorded)
            implements TargetDelivery {
    }

    /**
     * Ended on the phone; its result command is {@code recorded}. {@code awaitsStartUp}: the phone restarts
     * (restart, reset, software), and the target ends only at its next start-up.
     */
    record Ended(CompletableFuture<Void> recorded, boolean awaitsStartUp) implements TargetDelivery {
    }
}
