package org.deskfleet.delivery;

import org.deskfleet.wpi.server.work.DeviceJob;

import java.util.concurrent.CompletableFuture;

/**
 * Where one target (one job on one phone) stands in delivery, as far as this node can tell before the
 * Job's events come back through the index. The whole way is:
 *
 * <pre>
 *   PENDING ──contact-me / poll──▶ (phone calls in) ──next()──▶ SERVING ──finished()──▶ ENDED
 *      ▲                                                           │                     │ awaits start-up?
 *      └──────────────── deferred() (busy, dropped, overload) ◀────┘                     ▼
 *                                                                            AWAITING START-UP ──start-up──▶ done
 *   done / failed / timed out: recorded by the Job (JobTargetCompleted), and the target leaves the index.
 * </pre>
 *
 * PENDING and AWAITING START-UP are what the events say ({@link PendingJobs}, kept with its position);
 * SERVING and ENDED are the local states below, held only for the short while the events lag behind
 * this node's own commands: an ENDED target is not served again, and its start-up is told only after its
 * result was recorded.
 */
sealed interface TargetDelivery {

    /**
     * In an interaction: this is what was sent (for the read-back check and the exchange summary), and the
     * job's plan (whether the target ends at the answer or at the next start-up).
     */
    record Serving(DeviceJob job, org.deskfleet.kernel.job.DeliveryPlan plan) implements TargetDelivery {
    }

    /**
     * Ended on the phone; its result command is {@code recorded}. {@code awaitsStartUp}: the phone restarts
     * (restart, reset, software), and the target ends only at its next start-up.
     */
    record Ended(CompletableFuture<Void> recorded, boolean awaitsStartUp) implements TargetDelivery {
    }
}
