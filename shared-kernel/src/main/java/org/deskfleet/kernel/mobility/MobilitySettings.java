package org.deskfleet.kernel.mobility;

import org.deskfleet.kernel.system.SystemSettingsView;

/** The system settings of mobility (OSEM 13.5) that logons depend on. */
public final class MobilitySettings {

    /** Seconds after a logon at which the system logs the user off; not set: never. */
    public static final String FORCED_LOGOFF = "configuration.mobility.forced-logoff-interval-seconds";

    private MobilitySettings() {
    }

    /** The forced-logoff interval in seconds, null when not set. */
    public static Long forcedLogoffSeconds(SystemSettingsView settings) {
        return settings.settings().stream()
                .filter(s -> s.parameter().equals(FORCED_LOGOFF) && s.value() != null && !s.value().isBlank())
                .map(s -> Long.valueOf(s.value().strip())).findFirst().orElse(null);
    }
}
