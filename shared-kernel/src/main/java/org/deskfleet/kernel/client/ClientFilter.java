package org.deskfleet.kernel.client;

/** Optional criteria for listing clients; null fields do not filter. Text fields match exactly; {@code group}: members of the group (by id) now. */
public record ClientFilter(String deviceType, String softwareType, String softwareVersion, String e164,
                           String deviceIdPrefix, String group) {

    public static final ClientFilter NONE = new ClientFilter(null, null, null, null, null, null);

    public ClientFilter(String deviceType, String softwareType, String softwareVersion, String e164, String deviceIdPrefix) {
        this(deviceType, softwareType, softwareVersion, e164, deviceIdPrefix, null);
    }
}
