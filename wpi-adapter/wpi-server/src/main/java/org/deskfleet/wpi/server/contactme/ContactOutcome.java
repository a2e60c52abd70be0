package org.deskfleet.wpi.server.contactme;

import java.time.Instant;

/** What came of one contact-me request. {@code httpStatus} is 0 when no answer arrived. */
public record ContactOutcome(String deviceId, Result result, int httpStatus, String detail, Instant at) {

    public enum Result {
        /** The phone answered 204: it will call back with {@code solicited} when it can. */
        ACKNOWLEDGED,
        /** The phone answered, but not with success. */
        REFUSED,
        /** No connection could be made. */
        UNREACHABLE,
        /** Connected, but no answer in time. */
        TIMED_OUT,
        /** Not sent: the phone's contact gap has not passed since the last request (it would ignore it). */
        SKIPPED_CONTACT_GAP,
        /** Not sent: the address is outside the networks contact-me may reach (deskfleet.contact-me.allowed-networks). */
        BLOCKED
    }
}
