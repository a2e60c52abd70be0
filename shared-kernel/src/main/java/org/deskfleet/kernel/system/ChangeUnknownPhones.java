package org.deskfleet.kernel.system;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Set what happens to phones the server has never seen (register them, or quarantine them until approved). */
public record ChangeUnknownPhones(@TargetAggregateIdentifier String policyId, UnknownPhones mode, String actor,
                                  String reason, Instant at) {

    /** There is one such setting. */
    public static final String ID = "unknown-phones";
}
