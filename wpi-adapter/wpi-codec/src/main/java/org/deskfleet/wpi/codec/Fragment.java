package org.deskfleet.wpi.codec;

/** {@code Message/@fragment} of a phone message; absent means {@link #FINAL} (wpi-protocol §3.4). */
public enum Fragment {
    NEXT, FINAL;

    public static Fragment fromWire(String text) {
        return text != null && text.strip().equalsIgnoreCase("next") ? NEXT : FINAL;
    }

    public String wire() {
        return this == NEXT ? "next" : "final";
    }
}
