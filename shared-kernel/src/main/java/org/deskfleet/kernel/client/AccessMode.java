package org.deskfleet.kernel.client;

/** How the service reaches a phone: contact-me straight to it, or by the phone polling (DCMP). */
public enum AccessMode {
    DIRECT, DCMP
}
