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
 * @param unknownPhones what to do if the device is not known (the system setting at the time of the contact)
 */
public record RegisterClient(@TargetAggregateIdentifier String deviceId, ContactReason reason,
                             List<ReportedItem> items, String remoteAddress, boolean secureChannel, Instant at,
                             org.deskfleet.kernel.system.UnknownPhones unknownPhones) {

    public RegisterClient {
        items = List.copyOf(items);
        unknownPhones = unknownPhones == null ? org.deskfleet.kernel.system.UnknownPhones.REGISTER : unknownPhones;
    }

    /** An unknown device is registered (OSEM's behaviour). */
    public RegisterClient(String deviceId, ContactReason reason, List<ReportedItem> items, String remoteAddress,
                          boolean secureChannel, Instant at) {
        this(deviceId, reason, items, remoteAddress, secureChannel, at, org.deskfleet.kernel.system.UnknownPhones.REGISTER);
    }

    public RegisterClient withUnknownPhones(org.deskfleet.kernel.system.UnknownPhones mode) {
        return new RegisterClient(deviceId, reason, items, remoteAddress, secureChannel, at, mode);
    }
}
