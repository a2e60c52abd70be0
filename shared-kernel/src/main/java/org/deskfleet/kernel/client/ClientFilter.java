package org.deskfleet.kernel.client;

/** Optional criteria for listing clients; null fields do not filter. Text fields match exactly. */
public record ClientFilter(String deviceType, String softwareType, String softwareVersion, String e164,
                           String deviceIdPrefix) {

    public static final ClientFilter NONE = new ClientFilter(null, null, null, null, null);
}
