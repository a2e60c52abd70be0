package org.deskfleet.app.config;

import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP API speaks HTTPS only. Unless the operator names a bundle of their own ({@code server.ssl.bundle},
 * with {@code spring.ssl.bundle.pem.<name>.*} or {@code .jks.<name>.*}), its certificate is generated at the
 * first start and kept beside the WPI listener's: {@code <data>/tls/http-server.crt} (which the CLI and any
 * other client trust) and {@code http-server.key} (0600, in a 0700 directory).
 */
@Configuration
public class HttpsConfiguration {

    /** The bundle name {@code server.ssl.bundle} points at by default. */
    public static final String BUNDLE = "deskfleet-http";
    /** File name (without extension) of the generated certificate and key under {@code <data>/tls}. */
    public static final String FILE_NAME = "http-server";

    private static final Logger log = LoggerFactory.getLogger(HttpsConfiguration.class);
    /** The key store is never written anywhere; its password protects nothing and is only needed by the API. */
    private static final String IN_MEMORY = "in-memory";
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Where the generated certificate lives, for clients that trust it (the CLI, tests). */
    public static Path certificateFile(Path data) {
        return data.resolve("tls").resolve(FILE_NAME + ".crt");
    }

    @Bean
    SslBundleRegistrar deskfleetHttpBundle(DeskfleetProperties properties, HttpProperties http,
                                           @Value("${server.ssl.bundle:}") String selected,
                                           @Value("${server.address:}") String address, SharedFiles sharedFirst) {
        return registry -> {
            if (!BUNDLE.equals(selected)) {
                return; // the operator's own certificate: nothing to generate
            }
            ServerCertificate cert = ServerCertificate.loadOrCreate(properties.data().resolve("tls"), FILE_NAME,
                    () -> ServerCertificate.generate("deskfleet", names(http, address)));
            registry.registerBundle(BUNDLE, SslBundle.of(SslStoreBundle.of(keyStore(cert), IN_MEMORY, null),
                    SslBundleKey.of(IN_MEMORY, "http"), SslOptions.of(null, PROTOCOLS.toArray(String[]::new))));
        };
    }

    /** The names a client may use to reach the API: this machine's, the bind address, and the operator's. */
    static List<String> names(HttpProperties http, String address) {
        List<String> names = new ArrayList<>();
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (Exception e) {
            log.debug("this machine's name is unknown: {}", e.toString());
        }
        if (!address.isBlank() && !address.equals("0.0.0.0") && !address.equals("::")) {
            names.add(address);
        }
        names.addAll(http.tlsNames());
        return names;
    }

    private static KeyStore keyStore(ServerCertificate cert) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("http", cert.key(), IN_MEMORY.toCharArray(), new Certificate[]{cert.certificate()});
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("cannot hold the HTTP API's certificate", e);
        }
    }
}
