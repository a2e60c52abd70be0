package org.deskfleet.kernel.job;

/** A target client as it was when the job was created (OSEM's job details list these per target). */
public record JobTarget(String deviceId, String e164, String deviceType, String softwareType, String softwareVersion) {
}
