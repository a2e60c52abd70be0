package org.deskfleet.wpi.server.interaction;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One interaction between a phone and the service, from its first message to the {@code CleanUp}: the
 * messages still to send, the one awaiting an answer, fragments gathered so far, and the job being served
 * with what the phone said about it. Immutable, so a store shared by several nodes can hold it as a value.
 *
 * @param queue    service messages still to send in this interaction, in order
 * @param awaiting the message last sent, whose answer is expected; null when none is
 * @param job      the job served in this interaction (one per interaction, wpi-protocol §7.5); null if none
 * @param secure   opened on the Secure Mode listener by the device its certificate names
 */
public record Interaction(String id, String deviceId, Reason openedBy, Firmware firmware, int maxItems,
                          List<Outgoing> queue, Outgoing awaiting, List<WpiItem> fragments, DeviceJob job,
                          boolean jobServed, List<WpiItem> rejected, List<WpiItem> reported,
                          Instant startedAt, Instant lastActivity, boolean secure) {

    /** Whether a message serves the phone's inventory (our own read), the job, or a mobile user's logon/logoff. */
    public enum Purpose { INVENTORY, JOB, MOBILITY }

    /** One service message to send. */
    public record Outgoing(Action action, List<WpiItem> items, Purpose purpose) {
        public Outgoing {
            items = List.copyOf(items);
        }
    }

    public Interaction {
        queue = List.copyOf(queue);
        fragments = List.copyOf(fragments);
        rejected = List.copyOf(rejected);
        reported = List.copyOf(reported);
    }

    public static Interaction open(String id, String deviceId, Reason openedBy, Firmware firmware, int maxItems,
                                   List<Outgoing> plan, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, plan, null, List.of(), null, false,
                List.of(), List.of(), now, now, false);
    }

    /** The same interaction, known to run over the Secure Mode listener. */
    Interaction onSecureChannel() {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue, awaiting, fragments, job, jobServed,
                rejected, reported, startedAt, lastActivity, true);
    }

    /** Takes the head of the queue as the message now awaiting its answer. */
    Interaction sendNext(Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue.subList(1, queue.size()), queue.getFirst(),
                List.of(), job, jobServed, rejected, reported, startedAt, now, secure);
    }

    Interaction serving(DeviceJob job, List<Outgoing> messages, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, messages, null, List.of(), job, true,
                List.of(), List.of(), startedAt, now, secure);
    }

    /** Messages to send before the ones already queued (a mobility step's follow-up). */
    Interaction queuedFirst(List<Outgoing> messages, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, concat(messages, queue), awaiting, fragments,
                job, jobServed, rejected, reported, startedAt, now, secure);
    }

    Interaction withFragment(List<WpiItem> items, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue, awaiting, concat(fragments, items),
                job, jobServed, rejected, reported, startedAt, now, secure);
    }

    Interaction answered(List<WpiItem> newlyRejected, List<WpiItem> newlyReported, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue, null, List.of(), job, jobServed,
                concat(rejected, newlyRejected), concat(reported, newlyReported), startedAt, now, secure);
    }

    Interaction jobDone(Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, List.of(), null, List.of(), null, true,
                List.of(), List.of(), startedAt, now, secure);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
