package org.deskfleet.query.report;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.report.FindFleetAt;
import org.deskfleet.kernel.report.FleetAt;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fleet as it was at a time, from the event store rather than the read model: the store's events in order,
 * those of clients' registrations, identity changes and deletions stored at or before the time folded into one
 * small record per client (device id, type, software, e164), the rest skipped by their type without being read.
 * A quarantined phone joins at its approval, as in the client list.
 * Each request reads the whole event stream (the store has no index by time or type to start from); its memory is
 * one record per client of that time. A page is a slice of that fold by device id.
 */
@Component
public class FleetAtQueries {

    public static final int MAX_PAGE = 500;
    private static final Set<Class<?>> FOLDED = Set.of(ClientRegistered.class, ClientApproved.class,
            ClientIdentityChanged.class, ClientDeleted.class);

    private final EventStorageEngine events;

    public FleetAtQueries(EventStorageEngine events) {
        this.events = events;
    }

    @QueryHandler
    public FleetAt handle(FindFleetAt q) {
        if (q.time() == null) {
            throw new InvalidInput("time is missing");
        }
        if (q.first() < 0 || q.first() > MAX_PAGE) {
            throw new InvalidInput("first must be between 0 and " + MAX_PAGE + ", got " + q.first());
        }
        Map<String, FleetAt.ClientAt> fleet = new TreeMap<>();
        long read = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
            java.util.Iterator<? extends TrackedEventMessage<?>> it = stream.iterator();
            while (it.hasNext()) {
                TrackedEventMessage<?> m = it.next();
                // Type and time first: both come with the stored event, its payload is read only if it is folded.
                if (!FOLDED.contains(m.getPayloadType()) || m.getTimestamp().isAfter(q.time())) {
                    continue;
                }
                read++;
                switch (m.getPayload()) {
                    case ClientRegistered e -> fleet.put(e.deviceId(), at(e.deviceId(), e.identity(), e.at(),
                            fleet.get(e.deviceId())));
                    case ClientApproved e -> fleet.put(e.deviceId(), at(e.deviceId(), e.identity(), e.at(),
                            fleet.get(e.deviceId())));
                    case ClientIdentityChanged e -> fleet.put(e.deviceId(), at(e.deviceId(), e.identity(), null,
                            fleet.get(e.deviceId())));
                    case ClientDeleted e -> fleet.remove(e.deviceId());
                    default -> {
                    }
                }
            }
        }
        Map<String, FleetAt.ClientAt> rest = q.after() == null ? fleet : ((TreeMap<String, FleetAt.ClientAt>) fleet).tailMap(q.after(), false);
        List<FleetAt.ClientAt> page = new ArrayList<>();
        for (FleetAt.ClientAt c : rest.values()) {
            if (page.size() == q.first()) {
                break;
            }
            page.add(c);
        }
        boolean more = rest.size() > page.size();
        return new FleetAt(q.time(), fleet.size(), page, page.isEmpty() ? null : page.getLast().deviceId(), more, read);
    }

    private static FleetAt.ClientAt at(String deviceId, ClientIdentity id, Instant registeredAt, FleetAt.ClientAt before) {
        Instant since = registeredAt != null ? registeredAt : before == null ? null : before.registeredAt();
        return new FleetAt.ClientAt(deviceId, id.deviceType(), id.softwareType(), id.softwareVersion(), id.e164(), since);
    }
}
