package org.deskfleet.wpi.server.interaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may open an interaction, per node. Anyone on the phone network can send start-ups with invented MACs
 * and never reply; without these rules such interactions would hold every slot for the whole interaction
 * lifetime and every real phone would be told {@code overload}. So:
 * <ul>
 *   <li>one source address holds at most {@code perAddress} interactions (being started or open);</li>
 *   <li>an interaction whose phone has not answered once is dropped after {@code firstReplyDeadline}
 *       (a real phone answers within a second); once answered, the normal lifetime applies;</li>
 *   <li>when all {@code total} slots are taken, a newcomer from an address holding fewer than the address
 *       holding the most takes that address's oldest interaction that has been silent for a quarter of the
 *       deadline: one address (or a few) cannot keep the bound for itself.</li>
 * </ul>
 * Small and synchronized: a few hundred entries at most, touched once per phone message.
 */
public final class InteractionAdmission {

    /** A reserved slot, held from the first message until the interaction is open (or was not needed). */
    public record Ticket(String address) {
    }

    private record Unanswered(String address, Instant since) {
    }

    private final int total;
    private final int perAddress;
    private final Duration firstReplyDeadline;
    private final Map<String, Integer> held = new HashMap<>();
    /** Open interaction id → source address. */
    private final Map<String, String> open = new HashMap<>();
    /** Open interactions not answered yet, oldest first. */
    private final LinkedHashMap<String, Unanswered> unanswered = new LinkedHashMap<>();
    private int reserved;

    public InteractionAdmission(int total, int perAddress, Duration firstReplyDeadline) {
        if (total <= 0 || perAddress <= 0 || firstReplyDeadline.isNegative() || firstReplyDeadline.isZero()) {
            throw new IllegalArgumentException("interaction limits must be positive");
        }
        this.total = total;
        this.perAddress = perAddress;
        this.firstReplyDeadline = firstReplyDeadline;
    }

    /** What {@link #admit} decided: a ticket (maybe at the cost of another address's unanswered interaction). */
    public record Decision(Ticket ticket, String evicted, String refusal) {
        public boolean admitted() {
            return ticket != null;
        }
    }

    public synchronized Decision admit(String address, Instant now) {
        int mine = held.getOrDefault(address, 0);
        if (mine >= perAddress) {
            return new Decision(null, null, "too many interactions from " + address);
        }
        String evicted = null;
        if (reserved + open.size() >= total) {
            evicted = evictFromLargest(mine, now).orElse(null);
            if (evicted == null) {
                return new Decision(null, null, "all " + total + " interaction slots taken");
            }
        }
        held.merge(address, 1, Integer::sum);
        reserved++;
        return new Decision(new Ticket(address), evicted, null);
    }

    /** The fair share: the address holding the most gives up its oldest interaction that never answered. */
    private Optional<String> evictFromLargest(int newcomerHolds, Instant now) {
        // Silent for a quarter of the deadline: a real phone answers long before, so it is never the one taken.
        Instant silentSince = now.minus(firstReplyDeadline.dividedBy(4));
        String largest = null;
        int most = newcomerHolds + 1;
        for (Map.Entry<String, Integer> e : held.entrySet()) {
            if (e.getValue() > most) {
                largest = e.getKey();
                most = e.getValue();
            }
        }
        if (largest == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Unanswered> e : unanswered.entrySet()) {
            if (!e.getValue().since().isBefore(silentSince)) {
                break; // oldest first: the rest are younger still
            }
            if (e.getValue().address().equals(largest)) {
                String id = e.getKey();
                closed(id);
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The ticket became an open interaction, awaiting the phone's first answer. */
    public synchronized void opened(Ticket ticket, String interactionId, Instant now) {
        reserved--;
        open.put(interactionId, ticket.address());
        unanswered.put(interactionId, new Unanswered(ticket.address(), now));
    }

    /** No interaction came of the ticket (refused, nothing to do, failed). */
    public synchronized void released(Ticket ticket) {
        reserved--;
        drop(ticket.address());
    }

    /** The phone answered: from now on the normal interaction lifetime applies. */
    public synchronized void answered(String interactionId) {
        unanswered.remove(interactionId);
    }

    /** The interaction ended, whatever the reason; unknown ids are ignored. */
    public synchronized void closed(String interactionId) {
        String address = open.remove(interactionId);
        if (address != null) {
            unanswered.remove(interactionId);
            drop(address);
        }
    }

    /** Interactions whose phone never answered within the deadline; they are closed here. */
    public synchronized List<String> overdue(Instant now) {
        Instant limit = now.minus(firstReplyDeadline);
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Unanswered> e : unanswered.entrySet()) {
            if (!e.getValue().since().isBefore(limit)) {
                break; // oldest first
            }
            ids.add(e.getKey());
        }
        ids.forEach(this::closed);
        return ids;
    }

    /** The interactions this node counts as open. */
    public synchronized List<String> openIds() {
        return List.copyOf(open.keySet());
    }

    /** The source address an open interaction came from; null if this node does not hold it. */
    public synchronized String addressOf(String interactionId) {
        return open.get(interactionId);
    }

    public synchronized int inUse() {
        return reserved + open.size();
    }

    public synchronized int heldBy(String address) {
        return held.getOrDefault(address, 0);
    }

    private void drop(String address) {
        held.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
}
