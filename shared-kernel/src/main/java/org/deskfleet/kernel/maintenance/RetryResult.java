package org.deskfleet.kernel.maintenance;

/** After a retry of parked events: how many letters were handled now, and how many still wait. */
public record RetryResult(String processor, int handled, int remaining) {
}
