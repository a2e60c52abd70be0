package org.deskfleet.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/** Change e-mail, language or roles. */
public record UpdateAccount(@TargetAggregateIdentifier String accountId, String email, Language language, Set<Role> roles, String actor, Instant at) {
}
