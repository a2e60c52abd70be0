package org.deskfleet.wpi.server.interaction;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One interaction between a phone and the service, from its first message to the {@code CleanUp}: the
 * messages still to send, where the exchange stands and where its one job stands. Immutable, so a store shared
 * by several nodes can hold it as a value. Both phases are explicit values, not implied by absent fields:
 *
 * <pre>
 *   exchange:  READY ──sendNext──▶ AWAITING(message, fragments) ──answered──▶ READY
 *                                      └──withFragment (GetNextFragment)──▶ AWAITING(more fragments)
 *   job:       NOT_YET ──serving──▶ SERVING(job, rejected, reported) ──jobDone──▶ DONE
 * </pre>
 *
 * @param queue    service messages still to send in this interaction, in order
 * @param exchange ready to send the next message, or awaiting the answer to the one last sent
 * @param jobPhase the interaction's one job (wpi-protocol §7.5): none taken yet, being served, or done
 * @param secure   opened on the Secure Mode listener by the device its certificate names
 */
public record Interaction(String id, String deviceId, Reason openedBy, Firmware firmware, int maxItems,
                          List<Outgoing> queue, Exchange exchange, JobPhase jobPhase,
                          Instant startedAt, Instant lastActivity, boolean secure) {

    /**
     * Whether a message serves the phone's inventory (our own read), the job, a checkpoint of the job (its
     * answer decides what follows), or a mobile user's logon/logoff from the phone.
     */
    public enum Purpose {
        INVENTORY, JOB, MOBILITY, JOB_CHECKPOINT;

        public boolean forJob() {
            return this == JOB || this == JOB_CHECKPOINT;
        }
    }

    /** One service message to send. */
    public record Outgoing(Action action, List<WpiItem> items, Purpose purpose) {
        public Outgoing {
            items = List.copyOf(items);
        }
    }

    /** Where the conversation stands: free to send the next message, or awaiting the phone's answer to one. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
    @JsonSubTypes({@JsonSubTypes.Type(value = Exchange.Ready.class, name = "READY"),
            @JsonSubTypes.Type(value = Exchange.Awaiting.class, name = "AWAITING")})
    public sealed interface Exchange {
        Exchange READY = new Ready();

        /** Nothing awaited: the next message may be sent. */
        record Ready() implements Exchange {
        }

        /** {@code message} was sent; its answer is expected. {@code fragments}: items of a fragmented answer so far. */
        record Awaiting(Outgoing message, List<WpiItem> fragments) implements Exchange {
            public Awaiting {
                fragments = List.copyOf(fragments);
            }
        }
    }

    /** The interaction's one job: none taken yet, being served with what the phone said about it, or done. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
    @JsonSubTypes({@JsonSubTypes.Type(value = JobPhase.NotYet.class, name = "NOT_YET"),
            @JsonSubTypes.Type(value = JobPhase.Serving.class, name = "SERVING"),
            @JsonSubTypes.Type(value = JobPhase.Done.class, name = "DONE")})
    public sealed interface JobPhase {
        JobPhase NOT_YET = new NotYet();
        JobPhase DONE = new Done();

        /** No job asked for yet: the next free moment asks the pending work for one. */
        record NotYet() implements JobPhase {
        }

        /** Being served: the job as sent, the items the phone refused, and those it reported (read back). */
        record Serving(DeviceJob job, List<WpiItem> rejected, List<WpiItem> reported) implements JobPhase {
            public Serving {
                rejected = List.copyOf(rejected);
                reported = List.copyOf(reported);
            }
        }

        /** Its job ended (one per interaction): the interaction ends when its queue is empty. */
        record Done() implements JobPhase {
        }
    }

    public Interaction {
        queue = List.copyOf(queue);
        // One stored by an older node carries neither: it is taken as awaiting nothing, with no job.
        exchange = exchange == null ? Exchange.READY : exchange;
        jobPhase = jobPhase == null ? JobPhase.NOT_YET : jobPhase;
    }

    public static Interaction open(String id, String deviceId, Reason openedBy, Firmware firmware, int maxItems,
                                   List<Outgoing> plan, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, plan, Exchange.READY, JobPhase.NOT_YET,
                now, now, false);
    }

    /** The message awaiting its answer; null when none is. */
    public Outgoing awaiting() {
        return exchange instanceof Exchange.Awaiting a ? a.message() : null;
    }

    /** Items of a fragmented answer gathered so far. */
    public List<WpiItem> fragments() {
        return exchange instanceof Exchange.Awaiting a ? a.fragments() : List.of();
    }

    /** The job being served; null when none is. */
    public DeviceJob job() {
        return jobPhase instanceof JobPhase.Serving s ? s.job() : null;
    }

    public List<WpiItem> rejected() {
        return jobPhase instanceof JobPhase.Serving s ? s.rejected() : List.of();
    }

    public List<WpiItem> reported() {
        return jobPhase instanceof JobPhase.Serving s ? s.reported() : List.of();
    }

    /** The same interaction, known to run over the Secure Mode listener. */
    Interaction onSecureChannel() {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue, exchange, jobPhase, startedAt,
                lastActivity, true);
    }

    /** Takes the head of the queue as the message now awaiting its answer. */
    Interaction sendNext(Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue.subList(1, queue.size()),
                new Exchange.Awaiting(queue.getFirst(), List.of()), jobPhase, startedAt, now, secure);
    }

    Interaction serving(DeviceJob job, List<Outgoing> messages, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, messages, Exchange.READY,
                new JobPhase.Serving(job, List.of(), List.of()), startedAt, now, secure);
    }

    /** The job being served goes on with these steps (what its checkpoint decided), sent before anything queued. */
    Interaction continuedWith(List<DeviceJob.Step> steps, List<Outgoing> messages, Instant now) {
        if (!(jobPhase instanceof JobPhase.Serving s)) {
            throw new IllegalStateException("no job is being served");
        }
        JobPhase next = new JobPhase.Serving(new DeviceJob(s.job().jobId(), concat(s.job().steps(), steps)), s.rejected(),
                s.reported());
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, concat(messages, queue), exchange, next,
                startedAt, now, secure);
    }

    /** Messages to send before the ones already queued (a mobility step's follow-up). */
    Interaction queuedFirst(List<Outgoing> messages, Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, concat(messages, queue), exchange, jobPhase,
                startedAt, now, secure);
    }

    /** More items of the awaited answer (the phone sends it in fragments). */
    Interaction withFragment(List<WpiItem> items, Instant now) {
        if (!(exchange instanceof Exchange.Awaiting a)) {
            throw new IllegalStateException("a fragment while nothing is awaited");
        }
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue,
                new Exchange.Awaiting(a.message(), concat(a.fragments(), items)), jobPhase, startedAt, now, secure);
    }

    /** The awaited message was answered; what the phone refused and reported counts for the job being served. */
    Interaction answered(List<WpiItem> newlyRejected, List<WpiItem> newlyReported, Instant now) {
        JobPhase next = jobPhase instanceof JobPhase.Serving s
                ? new JobPhase.Serving(s.job(), concat(s.rejected(), newlyRejected), concat(s.reported(), newlyReported))
                : jobPhase;
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, queue, Exchange.READY, next, startedAt, now, secure);
    }

    Interaction jobDone(Instant now) {
        return new Interaction(id, deviceId, openedBy, firmware, maxItems, List.of(), Exchange.READY, JobPhase.DONE,
                startedAt, now, secure);
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
