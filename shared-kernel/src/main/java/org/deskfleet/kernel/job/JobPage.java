package org.deskfleet.kernel.job;

import java.util.List;

/** One page of jobs; {@code endCursor} continues the listing when {@code hasNextPage}. */
public record JobPage(List<JobView> nodes, int totalCount, String endCursor, boolean hasNextPage) {
}
