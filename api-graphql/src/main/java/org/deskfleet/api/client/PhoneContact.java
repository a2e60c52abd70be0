package org.deskfleet.api.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the API needs of contact-me (a port of the API, answered by the WPI adapter's contact-me in the wiring):
 * ask one phone to call back, or sweep an address range; the records are the answers' shapes.
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
