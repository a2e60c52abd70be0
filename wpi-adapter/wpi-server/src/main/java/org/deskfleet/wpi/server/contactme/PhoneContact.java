package org.deskfleet.wpi.server.contactme;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Ask phones to call back (contact-me), one or a whole address range: the contact-me port of this module, used by
 * job delivery and (through its own port, joined in the wiring) by the API.
 */
public interface PhoneContact {

    record ContactResult(String deviceId, String result, int httpStatus, String detail) {
    }

    record ScanStatus(String id, int total, int sent, int acknowledged, int refused, int unreachable, int timedOut,
                      boolean done) {
    }

    CompletableFuture<ContactResult> contact(String deviceId);

    ScanStatus startScan(String address, String mask);

    Optional<ScanStatus> scan(String id);
}
