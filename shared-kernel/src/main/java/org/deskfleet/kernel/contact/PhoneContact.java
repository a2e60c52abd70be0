package org.deskfleet.kernel.contact;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Port: ask phones to call back (contact-me), one or a whole address range. */
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
