package org.deskfleet.wpi.codec;

import java.util.Arrays;
import java.util.Optional;

/** Service actions (wpi-protocol §5): exactly one per {@code DLSMessage}. */
public enum Action {
    READ_ALL_ITEMS("ReadAllItems"),
    READ_ITEMS("ReadItems"),
    WRITE_ITEMS("WriteItems"),
    RESTART("Restart"),
    FILE_DEPLOYMENT("FileDeployment"),
    SOFTWARE_DEPLOYMENT("SoftwareDeployment"),
    CLEAN_UP("CleanUp"),
    GET_NEXT_FRAGMENT("GetNextFragment");

    private final String wire;

    Action(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Lenient like the phones: "Cleanup" and surrounding blanks are accepted. */
    public static Optional<Action> fromWire(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        return Arrays.stream(values()).filter(a -> a.wire.equalsIgnoreCase(t)).findFirst();
    }
}
