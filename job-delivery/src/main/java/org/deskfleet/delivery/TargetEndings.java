package org.deskfleet.delivery;

import java.util.Map;

/**
 * Targets ended on a phone, shared by every node until the Job's events reach each node's index. The node
 * that ends a target records it here before the phone is answered, so a phone whose next interaction
 * reaches another node (whose index may lag by a moment) is not served the same job again. A target ends
 * once and never becomes pending again, so a recorded marker never turns false; one whose result was never
 * recorded stops counting when its node is gone, or when the result command failed. Old ones are dropped for space.
 */
public interface TargetEndings {

    /** The target ended on the phone; {@code awaitsStartUp}: its restart is to be told at the next start-up. */
    void ended(String jobId, String deviceId, boolean awaitsStartUp);

    /** Its result command failed: the ending is taken back, and the target is pending again. */
    default void failed(String jobId, String deviceId) {
    }

    /** Its result command is in the event store (a start-up may now be told after it). */
    void recorded(String jobId, String deviceId);

    /** Ended, and its result recorded (or being recorded: not yet long enough to count as lost with its node). */
    boolean isEnded(String jobId, String deviceId);

    /**
     * Takes this phone's targets awaiting a start-up whose result is recorded, each for one node only; value:
     * always true. Those whose result is not recorded yet are left for a later call.
     */
    Map<String, Boolean> takeAwaitingStartUp(String deviceId);

    /** One node: its own local states say it all. */
    TargetEndings NONE = new TargetEndings() {
        @Override
        public void ended(String jobId, String deviceId, boolean awaitsStartUp) {
        }

        @Override
        public void recorded(String jobId, String deviceId) {
        }

        @Override
        public boolean isEnded(String jobId, String deviceId) {
            return false;
        }

        @Override
        public Map<String, Boolean> takeAwaitingStartUp(String deviceId) {
            return Map.of();
        }
    };
}
