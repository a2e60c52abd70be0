package org.deskfleet.kernel.system;

import java.time.Instant;

/** The unknown-phones setting as the read model holds it; never set: REGISTER with no actor. */
public record UnknownPhonesView(UnknownPhones mode, Instant changedAt, String actor, String reason) {

    public static final UnknownPhonesView DEFAULT = new UnknownPhonesView(UnknownPhones.REGISTER, null, null, null);
}
