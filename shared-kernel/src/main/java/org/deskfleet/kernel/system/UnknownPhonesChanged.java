package org.deskfleet.kernel.system;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The unknown-phones setting changed from {@code before} to {@code after}: who, why, when. */
@Revision("1")
public record UnknownPhonesChanged(String policyId, UnknownPhones before, UnknownPhones after, String actor,
                                   String reason, Instant at) {
}
