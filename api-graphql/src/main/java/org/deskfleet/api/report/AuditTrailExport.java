package org.deskfleet.api.report;

import org.deskfleet.kernel.report.AuditRow;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * What the audit export needs of the read side (a port of the API, answered by the read side's audit trail and
 * joined in the wiring): rows handed on one at a time as they are read, never collected, so an export of millions
 * of changes streams.
 */
public interface AuditTrailExport {

    /** Every parameter change with {@code from <= at < to}, of {@code deviceId} only when not null, oldest first; returns how many. */
    long export(Instant from, Instant to, String deviceId, Consumer<AuditRow> rows);
}
