package org.deskfleet.api.job;

import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindQuarantinedClients;

import java.util.List;

/**
 * A job never reaches a quarantined phone: listed by id, it is refused with the reason (not as an unknown device),
 * and a filter asking for quarantined phones is refused as a whole. Nothing is created either way.
 */
final class QuarantineCheck {

    static final String NO_TARGETS = "quarantined phones are no job targets: approve them first (approveClients); nothing was created";

    private QuarantineCheck() {
    }

    /** Of the ids the clients do not know: throws when some are quarantined. Runs off the event loop (a query callback). */
    static void refuseQuarantined(QueryGateway queries, List<String> notClients) {
        ClientPage page = queries.query(new FindQuarantinedClients(notClients.stream().limit(1_000).toList(), 10, null),
                ClientPage.class).join();
        if (page.totalCount() > 0) {
            List<String> ids = page.nodes().stream().map(ClientView::deviceId).toList();
            throw new org.deskfleet.kernel.InvalidInput("device" + (page.totalCount() == 1 ? " " : "s ") + String.join(", ", ids)
                    + (page.totalCount() > ids.size() ? " and " + (page.totalCount() - ids.size()) + " more" : "")
                    + (page.totalCount() == 1 ? " is" : " are") + " quarantined: approve "
                    + (page.totalCount() == 1 ? "it" : "them") + " first (approveClients); nothing was created");
        }
    }
}
