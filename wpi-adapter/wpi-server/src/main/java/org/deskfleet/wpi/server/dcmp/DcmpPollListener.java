package org.deskfleet.wpi.server.dcmp;

import java.time.Instant;

/** Told of every valid DCMP poll; must only touch memory (it runs on a Netty event loop). */
@FunctionalInterface
public interface DcmpPollListener {

    void polled(String deviceId, Instant at, String remoteAddress);
}
