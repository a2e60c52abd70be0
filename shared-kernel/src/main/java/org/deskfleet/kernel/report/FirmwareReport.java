package org.deskfleet.kernel.report;

import java.util.List;

/** The firmware report: device types by name, each with its software versions by name and their clients. */
public record FirmwareReport(long clients, List<DeviceType> deviceTypes) {

    public FirmwareReport {
        deviceTypes = List.copyOf(deviceTypes);
    }

    public record DeviceType(String deviceType, long clients, List<Version> versions) {

        public DeviceType {
            versions = List.copyOf(versions);
        }
    }

    public record Version(String softwareVersion, long clients) {
    }
}
