package org.deskfleet.wpi.codec;

import java.util.Arrays;
import java.util.Optional;

/** {@code ReasonForContact/@status} of a {@code reply-to} (guide 3.3.4). */
public enum ReplyStatus {
    ACCEPTED("accepted"), FAILED("failed"), BUSY("busy");

    private final String wire;

    ReplyStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Lenient: case and surrounding blanks are ignored; anything else is empty. */
    public static Optional<ReplyStatus> fromWire(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        return Arrays.stream(values()).filter(s -> s.wire.equalsIgnoreCase(t)).findFirst();
    }
}
