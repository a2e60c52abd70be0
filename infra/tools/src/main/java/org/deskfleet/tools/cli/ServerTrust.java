package org.deskfleet.tools.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;

/**
 * Whom the CLI trusts when it talks to the HTTP API: exactly the certificates of one PEM file (the server's own,
 * generated at its first start under {@code <data>/tls/http-server.crt}, or the operator's CA given with
 * {@code --cacert}), with the JDK's usual chain and host-name checks. Never "trust anything".
 */
public final class ServerTrust {

    /** The generated certificate, relative to the data directory. */
    public static final String GENERATED = "tls/http-server.crt";

    private ServerTrust() {
    }

    /** {@code --cacert} if given, else the server's generated certificate under the data directory. */
    public static Path certificate(String caCert, String dataDir) {
        if (caCert != null) {
            return Path.of(caCert);
        }
        String data = dataDir != null ? dataDir : System.getenv().getOrDefault("DESKFLEET_DATA", "./data");
        return Path.of(data).resolve(GENERATED);
    }

    /** A TLS context that trusts the certificates in this PEM file and nothing else. */
    public static SSLContext trusting(Path pemFile) {
        if (!Files.isReadable(pemFile)) {
            throw new IllegalArgumentException("cannot read the server certificate " + pemFile
                    + " (give --data DIR of the server, or --cacert FILE)");
        }
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(pemFile + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("server-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + pemFile + " as the server certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The client for this URL, which must be {@code https} or {@code wss} (the API speaks nothing else, and a
     * password or token never travels in clear): it trusts {@code --cacert}, or the server's generated certificate.
     */
    public static HttpClient clientFor(java.net.URI url, String caCert, String dataDir) {
        if (!"https".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            throw new IllegalArgumentException("bad URL '" + url + "': it must start with https:// (or wss:// to follow)");
        }
        return httpClient(certificate(caCert, dataDir));
    }

    /** An HTTP (and WebSocket) client trusting this PEM file only. */
    public static HttpClient httpClient(Path pemFile) {
        return HttpClient.newBuilder().sslContext(trusting(pemFile)).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
