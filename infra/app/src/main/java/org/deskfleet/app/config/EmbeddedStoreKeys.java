package org.deskfleet.app.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Who may speak to the embedded read store: it listens on loopback, where every local user can connect, and it
 * holds the phones' data keys beside the read model. So it speaks TLS only, and takes only a client presenting the
 * one client certificate it trusts; the server and its tools present it. Both key pairs are made at the first start
 * and kept in the data directory's {@code tls} folder, readable by the owner only ({@code readmodel-server.*},
 * {@code readmodel-client.*}).
 */
public record EmbeddedStoreKeys(ServerCertificate server, ServerCertificate client) {

    public static EmbeddedStoreKeys loadOrCreate(Path dataDir) {
        Path dir = dataDir.resolve("tls");
        return new EmbeddedStoreKeys(
                ServerCertificate.loadOrCreate(dir, "readmodel-server", () -> ServerCertificate.generate("deskfleet-readmodel")),
                ServerCertificate.loadOrCreate(dir, "readmodel-client", () -> ServerCertificate.generate("deskfleet-readmodel-client")));
    }

    /** The listener's side: this server's key; a client must present the client certificate, and no other. */
    SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(server.key(), server.certificate())
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(client.certificate())
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot set up TLS for the embedded read store", e);
        }
    }

    /** The client's side: presents the client certificate, trusts the store's own certificate only. */
    public SSLContext clientContext() {
        return bundle().createSslContext();
    }

    /** The same, for Spring Boot's MongoDB client. */
    public SslBundle bundle() {
        try {
            char[] password = password();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.key(), password, new X509Certificate[]{client.certificate()});
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("readmodel", server.certificate());
            return SslBundle.of(SslStoreBundle.of(keys, new String(password), trust));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS to the embedded read store", e);
        }
    }

    /** Settings for a MongoDB client of the embedded store on {@code port} (tests, tools on the same machine). */
    public MongoClientSettings clientSettings(int port) {
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToSslSettings(s -> s.enabled(true).context(clientContext()))
                .build();
    }

    /** The in-memory key store's password: it never leaves this process, so any will do; a fresh one each time. */
    private static char[] password() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
