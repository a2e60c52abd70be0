package org.deskfleet.kernel.client;

/**
 * Query: a page of clients ordered by device id, after the cursor (a device id) when given.
 * {@code withItems} loads each client's item list too; lists of thousands of phones usually need none.
 */
public record FindClients(ClientFilter filter, int first, String after, boolean withItems) {
}
