package org.deskfleet.kernel.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.deskfleet.kernel.ReportedItem;

import java.time.Instant;
import java.util.List;

/**
 * A phone announced itself (start-up, solicited, local or inventory changes): register it, or record what
 * changed in its identity and basic items. Answered with a {@link RegistrationOutcome}.
 *
 * @param remoteAddress the address the request came from; used for the IP only when the phone names none
 * @param secureChannel the phone came in over mutual TLS with its device certificate (Secure Mode)
 */
public record RegisterClient(@TargetAggregateIdentifier String deviceId, ContactReason reason,
                             List<ReportedItem> items, String remoteAddress, boolean secureChannel, Instant at) {

    public RegisterClient {
        items = List.copyOf(items);
    }
}
