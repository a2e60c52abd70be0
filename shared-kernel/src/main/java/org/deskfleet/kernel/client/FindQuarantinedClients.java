package org.deskfleet.kernel.client;

import java.util.List;

/**
 * Query: quarantined phones ordered by device id, a page after the cursor (a device id) when given; only those
 * with the listed ids when {@code deviceIds} is not null. Answered with a {@link ClientPage}.
 */
public record FindQuarantinedClients(List<String> deviceIds, int first, String after) {

    public FindQuarantinedClients {
        deviceIds = deviceIds == null ? null : List.copyOf(deviceIds);
    }
}
