package org.deskfleet.wpi.server.netty;

import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.server.WpiServerSettings;
import org.deskfleet.wpi.server.interaction.ClientCommands;
import org.deskfleet.wpi.server.interaction.InMemoryInteractionStore;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.deskfleet.wpi.server.tls.TlsPolicy;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener's TLS follows the operator's policy: modern by default, TLS 1.0 with RSA key exchange on request. */
class WpiServerTlsTest {

    static {
        // The JDK reads its TLS bans once, at the first handshake: lift them before any, as the app does at start.
        TlsPolicy.LEGACY.relaxJdkRestrictions();
    }

    private static final ServerCertificate CERT = ServerCertificate.generate("wpi-test");

    @Test
    void oldFirmwareCanHandshakeWhenTheOperatorAllowsIt() throws Exception {
        try (WpiServer server = start(TlsPolicy.LEGACY)) {
            try (SSLSocket s = connect(server.port(), "TLSv1", "TLS_RSA_WITH_AES_128_CBC_SHA")) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1");
                assertThat(s.getSession().getCipherSuite()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
            }
        }
    }

    @Test
    void theDefaultRefusesWhatIsOutdated() throws Exception {
        try (WpiServer server = start(TlsPolicy.MODERN)) {
            assertThatThrownBy(() -> {
                try (SSLSocket s = connect(server.port(), "TLSv1", "TLS_RSA_WITH_AES_128_CBC_SHA")) {
                    s.startHandshake();
                }
            }).isInstanceOfAny(SSLHandshakeException.class, IOException.class);
            try (SSLSocket s = connect(server.port(), "TLSv1.3", null)) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void theDefaultOffersForwardSecretAeadSuitesOnly() throws Exception {
        // The JVM-wide bans are lifted in this test JVM (above), so only the listener's own list refuses these.
        try (WpiServer server = start(TlsPolicy.minimum("TLSv1.2", List.of()))) {
            for (String outdated : List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")) {
                assertThatThrownBy(() -> {
                    try (SSLSocket s = connect(server.port(), "TLSv1.2", outdated)) {
                        s.startHandshake();
                    }
                }).as(outdated).isInstanceOfAny(SSLHandshakeException.class, IOException.class);
            }
            try (SSLSocket s = connect(server.port(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")) {
                s.startHandshake();
                assertThat(s.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            }
        }
    }

    @Test
    void theLegacyMinimumReallyServesTls10WithRsaKeyExchange() throws Exception {
        TlsPolicy legacy = TlsPolicy.minimum("TLSv1", List.of());
        assertThat(legacy.cipherSuites()).contains("TLS_RSA_WITH_AES_128_CBC_SHA");
        try (WpiServer server = start(legacy)) {
            try (SSLSocket s = connect(server.port(), "TLSv1", "TLS_RSA_WITH_AES_128_CBC_SHA")) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1");
                assertThat(s.getSession().getCipherSuite()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
            }
        }
    }

    @Test
    void aMinimumVersionMeansItAndNewer() {
        assertThat(TlsPolicy.minimum("TLSv1.1", List.of()).protocols()).containsExactly("TLSv1.3", "TLSv1.2", "TLSv1.1");
        assertThatThrownBy(() -> TlsPolicy.minimum("SSLv3", List.of())).hasMessageContaining("unknown TLS protocol");
    }

    private static WpiServer start(TlsPolicy tls) {
        ClientCommands none = new ClientCommands() {
            @Override
            public CompletableFuture<RegistrationOutcome> register(RegisterClient command) {
                return CompletableFuture.completedFuture(new RegistrationOutcome(false, false));
            }

            @Override
            public CompletableFuture<Void> recordItems(RecordReportedItems command) {
                return CompletableFuture.completedFuture(null);
            }
        };
        InteractionEngine engine = new InteractionEngine(new WpiCodec(),
                new InMemoryInteractionStore(Duration.ofMinutes(1), Clock.systemUTC()), none, (d, t, r) -> { },
                new InMemoryPendingWork(), Clock.systemUTC(), 10);
        var settings = new WpiServerSettings("127.0.0.1", 0, WpiServerSettings.DEFAULT_PATH, Path.of("unused"), 10,
                65536, Duration.ofSeconds(30), Duration.ofMinutes(1), tls);
        return new WpiServer(settings, engine, CERT).start();
    }

    private static SSLSocket connect(int port, String protocol, String suite) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }

            public void checkServerTrusted(X509Certificate[] c, String a) { }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(5000);
        s.setEnabledProtocols(new String[]{protocol});
        if (suite != null) {
            s.setEnabledCipherSuites(new String[]{suite});
        }
        return s;
    }
}
