package org.deskfleet.simulator;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What happened during one interaction of one phone, retries after {@code overload} included.
 *
 * @param mac               the phone's MAC address
 * @param reason            the reason of the first message (start-up, solicited, ...)
 * @param steps             every HTTP round trip, in order, over all attempts
 * @param cookies           distinct cookies set by the service, as {@code NAME=value}
 * @param overloadRetries   how often the interaction was restarted after {@code cleanup-reason=overload}
 * @param connectionsOpened TCP/TLS connections used, over all attempts
 * @param duration          from the first request to the end (success or failure), retry pauses included
 * @param failure           null when the interaction ended with a normal CleanUp
 */
public record InteractionTrace(String mac, Reason reason, List<Step> steps, Set<String> cookies, int overloadRetries,
                               int connectionsOpened, Duration duration, Failure failure) {

    /**
     * One round trip.
     *
     * @param httpStatus       status of the response; 0 when no response arrived
     * @param action           the service action received; null if none could be read
     * @param cleanupReason    {@code cleanup-reason} of a CleanUp, else null
     * @param cookieSent       the {@code Cookie} header of the request, null if none
     * @param latency          request to response
     * @param reusedConnection whether the request went over an already open connection
     */
    public record Step(int httpStatus, Action action, String cleanupReason, String cookieSent, Duration latency,
                       boolean reusedConnection, boolean sendSolicited) {

        public Step(int httpStatus, Action action, String cleanupReason, String cookieSent, Duration latency,
                    boolean reusedConnection) {
            this(httpStatus, action, cleanupReason, cookieSent, latency, reusedConnection, false);
        }
    }

    /** Whether the final CleanUp asked the phone to come back by itself ({@code send-solicited=true}). */
    public boolean sendSolicited() {
        return !steps.isEmpty() && steps.getLast().sendSolicited();
    }

    /** Why an interaction failed. */
    public record Failure(ErrorKind kind, String message) {
    }

    public InteractionTrace {
        steps = List.copyOf(steps);
        cookies = Set.copyOf(cookies);
    }

    public boolean ok() {
        return failure == null;
    }

    /** The service actions received, in order (steps without a readable action are left out). */
    public List<Action> actions() {
        return steps.stream().map(Step::action).filter(a -> a != null).toList();
    }

    public List<Integer> httpStatuses() {
        return steps.stream().map(Step::httpStatus).toList();
    }

    /** Ended normally and the service read all items: a registration (or re-read) of the phone. */
    public boolean registered() {
        return ok() && actions().contains(Action.READ_ALL_ITEMS);
    }

    /** Ended normally without ReadAllItems: the service knew the phone. */
    public boolean alreadyKnown() {
        return ok() && !registered();
    }

    /** The {@code cleanup-reason} of the final CleanUp, if it had one. */
    public Optional<String> finalCleanupReason() {
        return steps.isEmpty() ? Optional.empty() : Optional.ofNullable(steps.getLast().cleanupReason());
    }

    /** This trace, or an exception describing the failure: handy in tests ({@code startUp(p).join().requireOk()}). */
    public InteractionTrace requireOk() {
        if (failure != null) {
            throw new SimulatorException(failure.kind(), "interaction of " + mac + " failed (" + failure.kind() + "): "
                    + failure.message() + "; actions " + actions() + ", HTTP " + httpStatuses());
        }
        return this;
    }
}
