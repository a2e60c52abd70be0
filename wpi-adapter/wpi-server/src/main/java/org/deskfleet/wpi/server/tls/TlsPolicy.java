package org.deskfleet.wpi.server.tls;

import org.deskfleet.kernel.InvalidInput;

import java.util.ArrayList;
import java.util.List;

/**
 * TLS versions and cipher suites a listener offers (OSEM: Configuration &gt; Interfaces). Modern by default.
 * Old phone firmware only speaks TLS 1.0 / 1.1 with RSA key exchange (wpi-protocol §1.5), which the JDK's TLS
 * refuses JVM-wide ({@code jdk.tls.disabledAlgorithms}); a listener whose policy needs them serves such
 * phones with an engine of its own ({@link LegacyTls}) and leaves the JVM's settings, and so every other
 * listener, as they are.
 *
 * @param protocols    e.g. TLSv1.3, TLSv1.2 (default); add TLSv1.1, TLSv1 for old firmware
 * @param cipherSuites empty = the JDK's defaults for the protocols (the constants and {@link #minimum} name them)
 */
public record TlsPolicy(List<String> protocols, List<String> cipherSuites) {

    /** Newest first; declared before the constants below, which the constructor checks against it. */
    private static final List<String> KNOWN = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

    /** 3DES (Sweet32): only for firmware that knows nothing better, and only when the operator says so. */
    public static final String TRIPLE_DES = "TLS_RSA_WITH_3DES_EDE_CBC_SHA";

    /**
     * Forward-secret key exchange and AEAD ciphers only, named explicitly: the JDK's own default list still
     * offers RSA key exchange and CBC-SHA suites on some versions.
     */
    public static final TlsPolicy MODERN = new TlsPolicy(List.of("TLSv1.3", "TLSv1.2"),
            List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));

    /**
     * What phones from before TLS 1.2 need: every version; modern suites first, then forward-secret CBC, then
     * RSA key exchange. No 3DES: see {@link #minimum(String, List, boolean)}.
     */
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
        for (String suite : cipherSuites) {
            if (CipherSuites.code(suite) < 0) {
                throw new InvalidInput("unknown TLS cipher suite '" + suite + "' (use IANA names, e.g. "
                        + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
            }
        }
    }

    /** A minimum version: it and everything newer; no 3DES. */
    public static TlsPolicy minimum(String minimumVersion, List<String> cipherSuites) {
        return minimum(minimumVersion, cipherSuites, false);
    }

    /**
     * A minimum version: it and everything newer.
     *
     * @param tripleDes adds {@link #TRIPLE_DES} after every other suite; refused above TLS 1.1, where no phone
     *                  needs it
     */
    public static TlsPolicy minimum(String minimumVersion, List<String> cipherSuites, boolean tripleDes) {
        int at = KNOWN.indexOf(minimumVersion);
        if (at < 0) {
            throw new InvalidInput("unknown TLS protocol '" + minimumVersion + "'; use one of " + KNOWN);
        }
        List<String> protocols = KNOWN.subList(0, at + 1);
        if (tripleDes && at <= 1) {
            throw new InvalidInput("3DES is only for firmware older than TLS 1.2: set the minimum TLS version to "
                    + "TLSv1 or TLSv1.1 as well, or leave 3DES off");
        }
        // No list given: modern for TLS 1.2 and newer; what old firmware needs (RSA key exchange) below it.
        List<String> suites = new ArrayList<>(cipherSuites.isEmpty()
                ? (at <= 1 ? MODERN.cipherSuites() : LEGACY.cipherSuites()) : cipherSuites);
        if (tripleDes && !suites.contains(TRIPLE_DES)) {
            suites.add(TRIPLE_DES);
        }
        return new TlsPolicy(protocols, suites);
    }

    /** Whether old firmware is let in: a version before TLS 1.2, or a suite the JDK refuses. */
    public boolean needsLegacy() {
        return !legacyProtocols().isEmpty() && (protocols.contains("TLSv1") || protocols.contains("TLSv1.1")
                || cipherSuites.stream().anyMatch(TlsPolicy::jdkRefuses));
    }

    /** What the JDK's TLS serves on this listener: TLS 1.2 and 1.3 with the suites it does not ban. */
    public TlsPolicy jdkPart() {
        List<String> p = protocols.stream().filter(v -> v.equals("TLSv1.3") || v.equals("TLSv1.2")).toList();
        List<String> s = cipherSuites.stream().filter(c -> !jdkRefuses(c)).toList();
        return new TlsPolicy(p.isEmpty() ? List.of("TLSv1.2") : p, s);
    }

    /** Versions the old-firmware engine serves (no TLS 1.3 there: every TLS 1.3 client goes to the JDK). */
    public List<String> legacyProtocols() {
        return protocols.stream().filter(v -> !v.equals("TLSv1.3")).toList();
    }

    /** Suites the old-firmware engine serves: RSA certificate suites for TLS 1.2 and older. */
    public List<String> legacyCipherSuites() {
        return cipherSuites.stream().filter(c -> c.startsWith("TLS_RSA_") || c.startsWith("TLS_ECDHE_RSA_")).toList();
    }

    /** Banned by the JDK's TLS in its shipped configuration (and so by every other listener). */
    static boolean jdkRefuses(String suite) {
        return suite.startsWith("TLS_RSA_") || suite.contains("3DES") || suite.contains("_DES_")
                || suite.contains("RC4") || suite.contains("NULL") || suite.contains("anon");
    }
}
