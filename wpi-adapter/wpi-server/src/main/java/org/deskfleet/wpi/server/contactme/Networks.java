package org.deskfleet.wpi.server.contactme;

import org.deskfleet.kernel.InvalidInput;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Address ranges contact-me may reach ("10.40.0.0/16", "127.0.0.0/8", an IPv6 prefix): an operator's fence
 * around the phone networks. Only literal addresses are checked, so nothing is resolved here; with a fence
 * set, a host name is outside it.
 */
final class Networks {

    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]+]?");

    private Networks() {
    }

    record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    static Range parse(String cidr) {
        String[] parts = cidr.strip().split("/", 2);
        byte[] network = literal(parts[0]);
        if (network == null) {
            throw new InvalidInput("not a network: " + cidr + " (expected e.g. 10.40.0.0/16)");
        }
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : network.length * 8;
        if (prefix < 0 || prefix > network.length * 8) {
            throw new InvalidInput("prefix length out of range: " + cidr);
        }
        return new Range(network, prefix);
    }

    static boolean allows(List<String> networks, String host) {
        if (networks.isEmpty()) {
            return true;
        }
        byte[] address = literal(host);
        return address != null && networks.stream().map(Networks::parse).anyMatch(r -> r.contains(address));
    }

    /** A literal IPv4 or IPv6 address (never a host name: nothing is looked up). */
    static boolean isLiteral(String host) {
        return literal(host) != null;
    }

    private static byte[] literal(String host) {
        if (host == null || !LITERAL.matcher(host).matches()) {
            return null;
        }
        try {
            // A literal address is parsed, never looked up.
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).getAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }
}
