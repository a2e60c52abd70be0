package org.deskfleet.wpi.server.contactme;

import java.net.URI;
import java.util.List;

/**
 * Where contact-me may go. The {@code contact-me-uri} is whatever a phone (or anyone claiming its MAC) said,
 * and the server POSTs to it automatically, so by default it is not used at all: a phone is contacted only at
 * the address it last connected from, on the phone port (8085) and the fixed path (wpi-protocol §8.1). An
 * operator who needs the reported address (phones behind NAT, a proxy in between) widens the fence with
 * networks; then a reported address inside them is used, with its port. Host names are refused in every
 * mode: resolving one would put DNS (and DNS rebinding) between the check and the connection.
 */
public final class ContactFence {

    public static final String PATH = "/contact_dls.html/ContactDLS";

    private final int phonePort;
    private final List<String> widenedTo;

    /** What to contact, or why not. */
    public record Target(URI uri, String refusal) {
        public boolean allowed() {
            return uri != null;
        }
    }

    /**
     * @param phonePort the port phones listen on for contact-me (8085 unless configured)
     * @param widenedTo networks a phone-reported contact-me address may lie in; empty: the peer address only
     */
    public ContactFence(int phonePort, List<String> widenedTo) {
        if (phonePort <= 0 || phonePort > 65535) {
            throw new IllegalArgumentException("phone port out of range: " + phonePort);
        }
        this.phonePort = phonePort;
        this.widenedTo = List.copyOf(widenedTo);
        this.widenedTo.forEach(Networks::parse);
    }

    public boolean widened() {
        return !widenedTo.isEmpty();
    }

    /**
     * @param reportedUri    the phone's {@code contact-me-uri}, may be null or garbage
     * @param lastPeerAddress the source address of the phone's last WPI connection, may be null
     */
    public Target target(String reportedUri, String lastPeerAddress) {
        if (widened() && reportedUri != null) {
            URI reported;
            try {
                reported = URI.create(reportedUri.strip());
            } catch (IllegalArgumentException e) {
                return new Target(null, "the reported contact-me-uri is not a URI");
            }
            String host = reported.getHost();
            if (!"http".equalsIgnoreCase(reported.getScheme()) || host == null) {
                return new Target(null, "the reported contact-me-uri is not an absolute http URI");
            }
            if (!Networks.isLiteral(host)) {
                return new Target(null, "the reported contact-me-uri names a host name, not an address");
            }
            if (Networks.allows(widenedTo, host)) {
                int port = reported.getPort() > 0 ? reported.getPort() : phonePort;
                return new Target(URI.create("http://" + host + ":" + port + PATH), null);
            }
            // Outside the widened fence: the peer address below is still the phone's own.
        }
        if (lastPeerAddress == null || lastPeerAddress.isBlank()) {
            return new Target(null, "the phone has not connected yet; its address is unknown");
        }
        String peer = lastPeerAddress.strip();
        if (!Networks.isLiteral(peer)) {
            return new Target(null, "the phone's last address is not an IP address");
        }
        String host = peer.indexOf(':') >= 0 && !peer.startsWith("[") ? "[" + peer + "]" : peer;
        return new Target(URI.create("http://" + host + ":" + phonePort + PATH), null);
    }
}
