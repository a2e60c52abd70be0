package org.deskfleet.kernel.mobility;

import java.time.Instant;

/**
 * Query: a mobile user's history, newest first, in the shape of a client's (parameters, and as items the
 * logons, logoffs and profile files); {@code name} narrows to one, {@code from}/{@code to} to a window.
 */
public record FindMobileUserHistory(String e164, String name, Instant from, Instant to, int first, int offset) {
}
