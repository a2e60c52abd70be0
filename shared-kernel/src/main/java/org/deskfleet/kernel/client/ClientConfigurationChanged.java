package org.deskfleet.kernel.client;

import org.axonframework.serialization.Revision;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.configuration.ParameterChange;

import java.time.Instant;
import java.util.List;

/** Desired parameter values of a client changed: who, why, what (old and new per parameter), when. */
@Revision("1")
public record ClientConfigurationChanged(String deviceId, List<ParameterChange> changes, ChangeSource source,
                                         String actor, String reason, String correlationId, Instant at)
        implements ClientEvent {
}
