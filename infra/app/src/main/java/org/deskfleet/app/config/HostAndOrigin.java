package org.deskfleet.app.config;

import java.net.InetAddress;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} and {@code Origin} headers the HTTP API accepts.
 * <p>
 * Host (DNS rebinding: a hostile name that resolves to this server makes a browser treat it as that name's own
 * origin): IP literals, {@code localhost}, this machine's name, the bind address and the configured names. An IP
 * literal is always safe — a rebinding attack needs a host name of the attacker's.
 * <p>
 * Origin (a page of another site in the operator's browser): none (tools, not browsers), the request's own origin
 * (GraphiQL served by this server) or one of {@code spring.graphql.cors.allowed-origins}.
 */
record HostAndOrigin(boolean anyHost, Set<String> hosts, Set<String> origins) {

    static HostAndOrigin of(HttpProperties http, List<String> allowedOrigins, String address) {
        boolean any = http.allowedHosts().contains("*");
        Set<String> hosts = new HashSet<>();
        hosts.add("localhost");
        try {
            InetAddress local = InetAddress.getLocalHost();
            hosts.add(local.getHostName().toLowerCase(Locale.ROOT));
            hosts.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (Exception e) {
            // no name for this machine: IP literals and configured names still work
        }
        if (address != null && !address.isBlank()) {
            hosts.add(address.toLowerCase(Locale.ROOT));
        }
        http.tlsNames().forEach(n -> hosts.add(n.toLowerCase(Locale.ROOT)));
        http.allowedHosts().forEach(n -> hosts.add(n.toLowerCase(Locale.ROOT)));
        Set<String> origins = new HashSet<>();
        allowedOrigins.stream().filter(o -> !o.isBlank()).forEach(o -> origins.add(normalizedOrigin(o)));
        return new HostAndOrigin(any, Set.copyOf(hosts), Set.copyOf(origins));
    }

    /** Why the request is refused, or null when it may go on. */
    String refusal(String hostHeader, String origin, String scheme) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return "the request names no host";
        }
        String host = hostName(hostHeader);
        if (!anyHost && !isIpLiteral(host) && !hosts.contains(host)) {
            return "this server does not answer to the host name '" + printable(host)
                    + "' (deskfleet.http.allowed-hosts)";
        }
        if (origin == null || origin.isBlank()) {
            return null;
        }
        String o = normalizedOrigin(origin);
        if (o.equals(normalizedOrigin(scheme + "://" + hostHeader)) || origins.contains("*") || origins.contains(o)) {
            return null;
        }
        return "requests from the origin '" + printable(origin) + "' are not allowed (spring.graphql.cors.allowed-origins)";
    }

    /** The host of a Host header, without port or IPv6 brackets, lower case. */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    static boolean isIpLiteral(String host) {
        if (host.contains(":")) {
            return host.matches("[0-9a-f:.]+");
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** scheme://host:port with the default port made explicit, so spellings of one origin compare equal. */
    static String normalizedOrigin(String origin) {
        try {
            URI u = URI.create(origin.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            return scheme + "://" + host + ":" + port;
        } catch (IllegalArgumentException e) {
            return "invalid:" + origin;
        }
    }

    /** Caller-supplied text in an answer: short, one line. */
    private static String printable(String s) {
        String one = s.replaceAll("[\\p{Cntrl}]", "?");
        return one.length() > 100 ? one.substring(0, 100) + "…" : one;
    }
}
