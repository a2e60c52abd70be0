package org.deskfleet.kernel.job;

import java.time.Instant;

/**
 * Query: a page of jobs, newest first unless told otherwise, filtered by state, type and execution time.
 * {@code after} is the cursor (a job id) of the previous page.
 */
public record FindJobs(JobStatus state, JobType type, Instant executedAfter, Instant executedBefore, Sort sort,
                       int first, String after) {

    public enum Sort { CREATED_DESC, CREATED_ASC, EXECUTED_DESC, EXECUTED_ASC }
}
