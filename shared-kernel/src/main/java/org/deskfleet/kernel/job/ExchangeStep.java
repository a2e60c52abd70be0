package org.deskfleet.kernel.job;

/** One action sent to the phone within a job, with the phone's answer: the WPI exchange summary. */
public record ExchangeStep(String action, int items, String reply) {
}
