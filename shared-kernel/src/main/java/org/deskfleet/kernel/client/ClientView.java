package org.deskfleet.kernel.client;

import java.time.Instant;
import java.util.List;

/** A client as the read model holds it. Secret item values are masked. */
public record ClientView(String deviceId, String e164, String deviceType, String softwareType,
                         String softwareVersion, String contactMeUri, String ipAddress, Instant registeredAt,
                         Instant lastContact, boolean inventoryComplete, boolean secureMode, String accessMode,
                         List<ItemView> items,
                         List<DesiredView> desired, boolean quarantined) {

    /** A client under management (not quarantined). */
    public ClientView(String deviceId, String e164, String deviceType, String softwareType, String softwareVersion,
                      String contactMeUri, String ipAddress, Instant registeredAt, Instant lastContact,
                      boolean inventoryComplete, boolean secureMode, String accessMode, List<ItemView> items,
                      List<DesiredView> desired) {
        this(deviceId, e164, deviceType, softwareType, softwareVersion, contactMeUri, ipAddress, registeredAt,
                lastContact, inventoryComplete, secureMode, accessMode, items, desired, false);
    }

    public record DesiredView(String parameter, Integer index, String value, boolean secret, String source,
                              String actor, Instant changedAt) {
    }

    public record ItemView(String name, Integer index, String value, String status, boolean secret) {
    }
}
