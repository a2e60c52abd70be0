package org.deskfleet.wpi.server.interaction;

/**
 * A phone's POST as the engine sees it: the body, the session id from the cookie (may be stale or
 * garbage), the id of the interaction last served on this connection, and the peer address.
 *
 * @param certifiedDevice on the Secure Mode listener: the device id named by the verified client
 *                        certificate ("" if it names none); null on the default listener
 */
public record WpiRequest(byte[] body, String cookieSession, String connectionSession, String remoteAddress,
                         String certifiedDevice) {

    public WpiRequest(byte[] body, String cookieSession, String connectionSession, String remoteAddress) {
        this(body, cookieSession, connectionSession, remoteAddress, null);
    }

    public boolean secureChannel() {
        return certifiedDevice != null;
    }
}
