package org.deskfleet.wpi.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the WPI listener runs.
 *
 * @param path             where phones POST; the firmware's fixed path by default
 * @param maxInFlight      interactions served at once before phones are told {@code overload}
 * @param idleTimeout      a connection silent this long is closed (phones keep alive for 30 s or more)
 * @param interactionTtl   an interaction the phone abandoned is forgotten after this long
 * @param tls              protocols and cipher suites offered; old firmware needs TLS 1.0 (operator's choice)
 */
public record WpiServerSettings(String host, int port, String path, Path tlsDirectory, int maxInFlight,
                                int maxBodyBytes, Duration idleTimeout, Duration interactionTtl,
                                org.deskfleet.wpi.server.tls.TlsPolicy tls) {

    public static final String DEFAULT_PATH = "/DeploymentService/LoginService";

}
