package org.deskfleet.kernel.job;

/** Query: one job with a page of its targets (all when {@code targetsFirst} is 0). */
public record FindJob(String jobId, int targetsFirst, int targetsOffset) {
}
