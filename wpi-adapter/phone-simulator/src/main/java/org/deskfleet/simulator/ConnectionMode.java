package org.deskfleet.simulator;

import java.util.Locale;

/**
 * How a simulated phone uses TCP/TLS connections (wpi-protocol §1.3).
 * <ul>
 *   <li>{@link #KEEP_ALIVE}: one TLS connection per interaction, reused for all its requests.</li>
 *   <li>{@link #CLOSE}: {@code Connection: close} and a new connection per request, as a captured real
 *       phone did; only the session cookie ties the requests of an interaction together.</li>
 * </ul>
 */
public enum ConnectionMode {
    KEEP_ALIVE("keep-alive"), CLOSE("close");

    private final String option;

    ConnectionMode(String option) {
        this.option = option;
    }

    /** The command-line spelling: {@code keep-alive} or {@code close}. */
    public String option() {
        return option;
    }

    public static ConnectionMode fromOption(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (ConnectionMode m : values()) {
            if (m.option.equals(t) || m.name().equalsIgnoreCase(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("connection mode must be keep-alive or close, not '" + text + "'");
    }
}
