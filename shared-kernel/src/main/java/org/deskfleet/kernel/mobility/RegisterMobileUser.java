package org.deskfleet.kernel.mobility;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Create a mobile user under a number (1 to 15 digits, unique). {@code password} is what the user types at
 * a phone to log on; it is encrypted before any event is written and never shown.
 */
public record RegisterMobileUser(@TargetAggregateIdentifier String e164, String name, String password, String actor,
                                 String reason, Instant at) {

    @Override
    public String toString() {
        return "RegisterMobileUser[e164=" + e164 + ", name=" + name + ", password=****, actor=" + actor + "]";
    }
}
