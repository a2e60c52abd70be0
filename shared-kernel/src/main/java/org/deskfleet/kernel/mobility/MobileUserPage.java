package org.deskfleet.kernel.mobility;

import java.util.List;

/** One page of mobile users with what a cursor connection needs. */
public record MobileUserPage(long totalCount, List<MobileUserView> nodes, String endCursor, boolean hasNextPage) {
}
