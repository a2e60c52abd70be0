package org.deskfleet.kernel.client;

import java.util.List;

/**
 * Query: the clients with these device ids, without their items and desired values (identity, addresses,
 * access mode): what job creation and contact-me need, for thousands of phones at once. Unknown ids are
 * simply absent from the answer.
 */
public record FindClientsByIds(List<String> deviceIds) {

    public FindClientsByIds {
        deviceIds = List.copyOf(deviceIds);
    }
}
