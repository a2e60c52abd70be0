package org.deskfleet.kernel.history;

import java.time.Instant;

/**
 * Query: a client's change history, newest first; {@code name} narrows it to one parameter key or item
 * name, {@code from}/{@code to} to a time window (inclusive), {@code first} pages it.
 */
public record FindHistory(String deviceId, String name, Instant from, Instant to, int first, int offset) {
}
