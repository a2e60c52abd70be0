package org.deskfleet.kernel.client;

import java.time.Instant;

/** Everything that can happen to a Client; the switch over it in evolve() is exhaustive. */
public sealed interface ClientEvent permits ClientRegistered, ClientIdentityChanged, ClientItemsReported, ClientEnteredSecureMode,
        ClientConfigurationChanged, ClientAccessModeChanged, ClientDeleted, ClientQuarantined, ClientApproved {

    String deviceId();

    Instant at();
}
