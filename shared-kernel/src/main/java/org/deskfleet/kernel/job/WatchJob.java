package org.deskfleet.kernel.job;

/** Subscription query: a job now, then every change of it or its targets ({@link JobUpdate}). */
public record WatchJob(String jobId) {
}
