package org.deskfleet.kernel.system;

import org.axonframework.serialization.Revision;
import org.deskfleet.kernel.configuration.ParameterChange;

import java.time.Instant;
import java.util.List;

/** System settings changed: old and new per setting (secrets as ciphertext), who, why, when. */
@Revision("1")
public record SystemSettingsChanged(String settingsId, List<ParameterChange> changes, String actor, String reason,
                                    Instant at) {
}
