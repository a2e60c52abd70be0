package org.deskfleet.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how {@link WpiHttpsClient} connects.
 *
 * @param host             server address (name or IP); also sent in {@code Host}
 * @param port             server TLS port (18443 in default mode)
 * @param path             request path; phones have it fixed in firmware (wpi-protocol §1.2)
 * @param mode             connection reuse, see {@link ConnectionMode}
 * @param connectTimeout   TCP connect plus TLS handshake
 * @param requestTimeout   from writing a request to the complete response
 * @param tlsProtocols     enabled TLS versions, JDK names; TLSv1 / TLSv1.1 alone: old firmware, TLS with RSA key
 *                         exchange ({@code TLS_RSA_WITH_AES_128_CBC_SHA}) through {@link OldFirmwareTls}
 * @param maxResponseBytes largest response body accepted
 */
public record ClientConfig(String host, int port, String path, ConnectionMode mode, Duration connectTimeout,
                           Duration requestTimeout, List<String> tlsProtocols, int maxResponseBytes) {

    public static final String DEFAULT_PATH = "/DeploymentService/LoginService";

    public ClientConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        tlsProtocols = List.copyOf(tlsProtocols);
        if (tlsProtocols.isEmpty() || maxResponseBytes <= 0) {
            throw new IllegalArgumentException("at least one TLS protocol and a positive response limit are required");
        }
    }

    /** Defaults: phone path, 5 s connect, 30 s request, TLS 1.3 and 1.2, 1 MiB responses. */
    public static ClientConfig of(String host, int port, ConnectionMode mode) {
        return new ClientConfig(host, port, DEFAULT_PATH, mode, Duration.ofSeconds(5), Duration.ofSeconds(30),
                List.of("TLSv1.3", "TLSv1.2"), 1024 * 1024);
    }

    public ClientConfig withMode(ConnectionMode newMode) {
        return new ClientConfig(host, port, path, newMode, connectTimeout, requestTimeout, tlsProtocols, maxResponseBytes);
    }

    public ClientConfig withPath(String newPath) {
        return new ClientConfig(host, port, newPath, mode, connectTimeout, requestTimeout, tlsProtocols, maxResponseBytes);
    }

    public ClientConfig withConnectTimeout(Duration timeout) {
        return new ClientConfig(host, port, path, mode, timeout, requestTimeout, tlsProtocols, maxResponseBytes);
    }

    public ClientConfig withRequestTimeout(Duration timeout) {
        return new ClientConfig(host, port, path, mode, connectTimeout, timeout, tlsProtocols, maxResponseBytes);
    }

    public ClientConfig withTlsProtocols(List<String> protocols) {
        return new ClientConfig(host, port, path, mode, connectTimeout, requestTimeout, protocols, maxResponseBytes);
    }

    /** The {@code Host} header value: host and port, IPv6 literals in brackets. */
    public String hostHeader() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
