package org.deskfleet.command.job;

/** The payload of the Job's deadlines: which job is due (the deadline's name says for what). */
public record JobDeadline(String jobId) {
}
