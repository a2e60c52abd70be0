package org.deskfleet.kernel.mobility;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.configuration.ParameterChange;

import java.time.Instant;
import java.util.List;

/**
 * The user's own parameter values changed (the MOBILE_USER layer): who, why, what (old and new per
 * parameter), when. Secret values are ciphertext under the user's data key. {@code deviceId} names the
 * phone a change came from (source PHONE, a local change while logged on there); null otherwise.
 */
public record MobileUserConfigurationChanged(String e164, List<ParameterChange> changes, ChangeSource source,
                                             String actor, String reason, String correlationId, String deviceId,
                                             Instant at) implements MobileUserEvent {

    public MobileUserConfigurationChanged {
        changes = List.copyOf(changes);
    }
}
