package org.deskfleet.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings under {@code deskfleet.*}; every one has a default so the first start needs none.
 *
 * @param data where the embedded stores, keys and the TLS certificate live
 */
@ConfigurationProperties("deskfleet")
public record DeskfleetProperties(@DefaultValue("./data") Path data,
                                  @DefaultValue Wpi wpi,
                                  @DefaultValue Mongo mongo) {

    public record Wpi(@DefaultValue("0.0.0.0") String host,
                      @DefaultValue("18443") int port,
                      @DefaultValue("18444") int securePort,
                      @DefaultValue("/DeploymentService/LoginService") String path,
                      @DefaultValue("512") int maxInteractions,
                      @DefaultValue("65536") int maxBodyBytes,
                      @DefaultValue("45s") Duration idleTimeout,
                      @DefaultValue("10m") Duration interactionTtl,
                      @DefaultValue("TLSv1.2") String tlsMinimumVersion,
                      @DefaultValue List<String> tlsCipherSuites,
                      @DefaultValue("1s") Duration contactFlushInterval,
                      @DefaultValue("16") int dispatchThreads,
                      @DefaultValue("64") int maxInteractionsPerAddress,
                      @DefaultValue("20s") Duration firstReplyDeadline,
                      @DefaultValue("1048576") long maxInteractionBytes,
                      @DefaultValue("false") boolean secretsOnlyInSecureMode,
                      @DefaultValue("10000") int maxConnections,
                      @DefaultValue("256") int maxConnectionsPerAddress,
                      @DefaultValue("15s") Duration requestDeadline,
                      @DefaultValue("1024") int dispatchQueue,
                      @DefaultValue("false") boolean tlsTripleDes) {
    }

    /**
     * @param embedded     run the in-process Mongo-wire server (the default); false when MONGO_URI is given
     * @param embeddedPort its loopback port, 0 = any free port
     * @param embeddedCacheMb the embedded server's pages kept decoded in memory, in MiB (heap)
     */
    public record Mongo(@DefaultValue("true") boolean embedded,
                        @DefaultValue("0") int embeddedPort,
                        @DefaultValue("deskfleet") String database,
                        @DefaultValue("16") int embeddedCacheMb) {
    }
}
