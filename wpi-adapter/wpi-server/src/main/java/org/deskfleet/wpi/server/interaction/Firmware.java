package org.deskfleet.wpi.server.interaction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the phone's firmware can do, from its device type and {@code software-version} ("V3 R5.14.0",
 * "3.5.14.0"). Unknown versions are treated as old: a feature is only used when it is known to exist.
 */
public record Firmware(String deviceType, int major, int release) {

    // At most nine digits per number: any longer is no version, and would overflow an int.
    private static final Pattern VR = Pattern.compile("V\\s*(\\d{1,9})\\s*R\\s*(\\d{1,9})(?!\\d).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})(\\..*)?");

    public static Firmware of(String deviceType, String softwareVersion) {
        String v = softwareVersion == null ? "" : softwareVersion.strip();
        Matcher m = VR.matcher(v);
        if (!m.matches()) {
            m = DOTTED.matcher(v);
        }
        if (m.matches()) {
            return new Firmware(deviceType, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return new Firmware(deviceType, 0, 0);
    }

    /**
     * {@code send-solicited} in CleanUp exists from V3R3 on (guide 3.7.3). The OpenScape Desk Phone CP
     * family came later than V3R3 of the OpenStage line and is assumed to have it (UNCONFIRMED).
     */
    public boolean supportsSendSolicited() {
        if (deviceType != null && deviceType.contains("Desk Phone CP")) {
            return true;
        }
        return major > 3 || (major == 3 && release >= 3);
    }

    /** From V2R2 on, local-changes carries the changed items (guide 3.5.2). */
    public boolean attachesLocalChanges() {
        return major > 2 || (major == 2 && release >= 2) || (deviceType != null && deviceType.contains("Desk Phone CP"));
    }
}
