package org.deskfleet.wpi.codec;

import java.util.Arrays;

/** {@code ReasonForContact} values (wpi-protocol §4.1). Unknown values are kept as {@link #UNKNOWN}. */
public enum Reason {
    START_UP("start-up"),
    LOCAL_CHANGES("local-changes"),
    INVENTORY_CHANGES("inventory-changes"),
    SOLICITED("solicited"),
    STATUS("status"),
    REPLY_TO("reply-to"),
    CLEAN_UP("clean-up"),
    UNKNOWN("");

    private final String wire;

    Reason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether this reason opens a new interaction (a first message, guide 3.5.1.2). */
    public boolean startsInteraction() {
        return this != REPLY_TO && this != UNKNOWN;
    }

    public static Reason fromWire(String text) {
        String t = text == null ? "" : text.strip();
        return Arrays.stream(values()).filter(r -> r != UNKNOWN && r.wire.equals(t)).findFirst().orElse(UNKNOWN);
    }
}
