package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An administrator sets the initial password again; the holder must change it at the next sign-in. */
public record ResetPassword(@TargetAggregateIdentifier String accountId, String actor, Instant at) {
}
