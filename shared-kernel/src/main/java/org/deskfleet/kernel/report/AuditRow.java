package org.deskfleet.kernel.report;

import org.deskfleet.kernel.ChangeSource;

import java.time.Instant;

/**
 * One parameter change of one client, as the audit export writes it. A secret's values are never in it:
 * {@code secret} is true and both values are null (the trail never holds them in clear).
 */
public record AuditRow(Instant at, String deviceId, long sequence, String parameter, Integer index, String oldValue,
                       String newValue, boolean secret, ChangeSource source, String actor, String reason,
                       String correlationId) {
}
