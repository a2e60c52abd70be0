package org.deskfleet.kernel.system;

import org.deskfleet.kernel.history.HistoryEntry;

import java.time.Instant;
import java.util.List;

/** System settings as the read model holds them; secret values masked. */
public record SystemSettingsView(List<Setting> settings, List<HistoryEntry> history) {

    public record Setting(String parameter, String section, String label, String type, String value, boolean secret,
                          boolean isDefault, Instant changedAt, String actor) {
    }
}
