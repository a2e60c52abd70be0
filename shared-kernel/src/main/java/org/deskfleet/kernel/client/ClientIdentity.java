package org.deskfleet.kernel.client;

/** The identity items every phone sends in its first message, as the product shows them. */
public record ClientIdentity(String e164, String deviceType, String softwareType, String softwareVersion,
                             String contactMeUri, String ipAddress) {

    public static final ClientIdentity EMPTY = new ClientIdentity(null, null, null, null, null, null);
}
