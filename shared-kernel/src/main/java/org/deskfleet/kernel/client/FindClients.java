package org.deskfleet.kernel.client;

/** Query: a page of clients ordered by device id, after the cursor (a device id) when given. */
public record FindClients(ClientFilter filter, int first, String after) {
}
