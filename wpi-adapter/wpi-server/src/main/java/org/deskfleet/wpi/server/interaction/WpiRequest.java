package org.deskfleet.wpi.server.interaction;

/**
 * A phone's POST as the engine sees it: the body, the session id from the cookie (may be stale or
 * garbage), the id of the interaction last served on this connection, and the peer address.
 */
public record WpiRequest(byte[] body, String cookieSession, String connectionSession, String remoteAddress) {
}
