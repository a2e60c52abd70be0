package org.deskfleet.simulator;

import java.util.Locale;

/** What a phone does with an accepted firmware image when it reboots (wpi-protocol §7.8). */
public enum SoftwareOutcome {
    /** Boots the new image and reports its version ({@code file-sw-version}) at start-up. */
    INSTALL,
    /** The update failed on the phone: it boots the old firmware and reports the old version. */
    KEEP_OLD,
    /** The phone never comes back: no start-up, no contact-me answer. */
    NEVER_RETURN;

    /** Command-line spelling: {@code install}, {@code keep-old}, {@code never-return}. */
    public static SoftwareOutcome fromOption(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("software outcome must be install, keep-old or never-return, not '" + text + "'");
        }
    }
}
