package org.deskfleet.kernel.client;

import java.util.List;

/** One page of clients with what a cursor connection needs. */
public record ClientPage(long totalCount, List<ClientView> nodes, String endCursor, boolean hasNextPage) {
}
