package org.deskfleet.kernel.report;

/** Query: per device type, each software version and how many clients run it (answered with {@link FirmwareReport}). */
public record FindFirmwareReport() {
}
