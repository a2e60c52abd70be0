package org.deskfleet.kernel.client;

/**
 * Optional criteria for listing clients; null fields do not filter. Text fields match exactly; {@code group}: members of the group (by id) now.
 * {@code quarantined}: true lists the quarantined phones instead (never a selection for jobs or groups); null or false, the
 * clients under management.
 */
public record ClientFilter(String deviceType, String softwareType, String softwareVersion, String e164,
                           String deviceIdPrefix, String group, Boolean quarantined) {

    public static final ClientFilter NONE = new ClientFilter(null, null, null, null, null, null);

    public ClientFilter(String deviceType, String softwareType, String softwareVersion, String e164,
                        String deviceIdPrefix, String group) {
        this(deviceType, softwareType, softwareVersion, e164, deviceIdPrefix, group, null);
    }

    /** Whether the quarantined phones are asked for. */
    public boolean asksForQuarantined() {
        return Boolean.TRUE.equals(quarantined);
    }

    public ClientFilter(String deviceType, String softwareType, String softwareVersion, String e164, String deviceIdPrefix) {
        this(deviceType, softwareType, softwareVersion, e164, deviceIdPrefix, null);
    }
}
