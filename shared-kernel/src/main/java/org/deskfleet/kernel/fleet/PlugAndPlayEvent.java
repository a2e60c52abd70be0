package org.deskfleet.kernel.fleet;

import java.time.Instant;

/** Everything that can happen to a Plug&amp;Play reservation. */
public sealed interface PlugAndPlayEvent permits PlugAndPlayClientCreated, PlugAndPlayClientClaimed {

    String reservationId();

    Instant at();
}
