package org.deskfleet.wpi.server.tls;

import org.deskfleet.kernel.InvalidInput;

import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * TLS versions and cipher suites a listener offers (OSEM: Configuration &gt; Interfaces). Modern by default;
 * old phone firmware only speaks TLS 1.0 with RSA key exchange (wpi-protocol §1.5), which the JDK disables
 * globally, so an operator who enables it for the default-mode listener lifts exactly those restrictions.
 *
 * @param protocols    e.g. TLSv1.3, TLSv1.2 (default); add TLSv1.1, TLSv1 for old firmware
 * @param cipherSuites empty = the JDK's defaults for the protocols (the constants and {@link #minimum} name them)
 */
public record TlsPolicy(List<String> protocols, List<String> cipherSuites) {

    /** Newest first; declared before the constants below, which the constructor checks against it. */
    private static final List<String> KNOWN = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

    /**
     * Forward-secret key exchange and AEAD ciphers only, named explicitly: the JDK's own default list still
     * offers RSA key exchange and CBC-SHA suites on some versions.
     */
    public static final TlsPolicy MODERN = new TlsPolicy(List.of("TLSv1.3", "TLSv1.2"),
            List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));

    /** What phones from before TLS 1.2 need: every version, plus RSA key exchange suites. */
    public static final TlsPolicy LEGACY = new TlsPolicy(List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"),
            List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                    "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"));

    public TlsPolicy {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        if (protocols.isEmpty()) {
            throw new InvalidInput("at least one TLS protocol is required");
        }
        for (String p : protocols) {
            if (!KNOWN.contains(p)) {
                throw new InvalidInput("unknown TLS protocol '" + p + "'; use one of " + KNOWN);
            }
        }
    }

    /** A minimum version: it and everything newer. */
    public static TlsPolicy minimum(String minimumVersion, List<String> cipherSuites) {
        int at = KNOWN.indexOf(minimumVersion);
        if (at < 0) {
            throw new InvalidInput("unknown TLS protocol '" + minimumVersion + "'; use one of " + KNOWN);
        }
        List<String> protocols = KNOWN.subList(0, at + 1);
        if (cipherSuites.isEmpty()) {
            // No list given: modern for TLS 1.2 and newer; what old firmware needs (RSA key exchange) below it.
            return new TlsPolicy(protocols, at <= 1 ? MODERN.cipherSuites() : LEGACY.cipherSuites());
        }
        return new TlsPolicy(protocols, cipherSuites);
    }

    public boolean needsLegacy() {
        return protocols.contains("TLSv1") || protocols.contains("TLSv1.1")
                || cipherSuites.stream().anyMatch(c -> c.startsWith("TLS_RSA_"));
    }

    /**
     * Lifts the JDK's global bans that this policy needs (old versions, RSA key exchange). Must run before
     * the first TLS handshake of the JVM, which reads the setting once.
     */
    public void relaxJdkRestrictions() {
        if (!needsLegacy()) {
            return;
        }
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled == null) {
            return;
        }
        String relaxed = Arrays.stream(disabled.split(","))
                .map(String::strip)
                .filter(a -> !isLifted(a))
                .collect(Collectors.joining(", "));
        Security.setProperty("jdk.tls.disabledAlgorithms", relaxed);
    }

    private boolean isLifted(String restriction) {
        String r = restriction.toUpperCase(Locale.ROOT);
        return (r.equals("TLSV1") && protocols.contains("TLSv1"))
                || (r.equals("TLSV1.1") && protocols.contains("TLSv1.1"))
                || (r.startsWith("TLS_RSA_") && cipherSuites.stream().anyMatch(c -> c.startsWith("TLS_RSA_")));
    }
}
