package org.deskfleet.wpi.server.netty;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.server.WpiServerSettings;
import org.deskfleet.wpi.server.interaction.ClientCommands;
import org.deskfleet.wpi.server.interaction.InMemoryInteractionStore;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.tls.OldFirmwareClient;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.deskfleet.wpi.server.tls.TlsPolicy;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The listener's TLS follows the operator's policy: modern by default; old firmware (TLS 1.0 / 1.1, RSA key
 * exchange) only on a listener whose policy lets it in, without touching the JVM's TLS settings, so every other
 * listener in the same JVM still refuses it.
 */
class WpiServerTlsTest {

    private static final ServerCertificate CERT = ServerCertificate.generate("wpi-test");
    private static final String START_UP = """
            <WorkpointMessage xmlns="http://www.siemens.com/DLS"><Message nonce="0A1B" maxItems="-1">
            <ReasonForContact>start-up</ReasonForContact><ItemList>
            <Item name="mac-addr">001AE8000001</Item><Item name="device-type">OpenStage 40</Item>
            <Item name="software-version">V2 R0.1.0</Item></ItemList></Message></WorkpointMessage>""";
    private static final int RSA_AES128_SHA = CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA;

    @Test
    void oldFirmwareGetsTls10WithRsaKeyExchangeAndIsServed() throws Exception {
        String jvmBans = Security.getProperty("jdk.tls.disabledAlgorithms");
        try (WpiServer legacy = start(TlsPolicy.minimum("TLSv1", List.of()));
             WpiServer modern = start(TlsPolicy.MODERN)) {
            try (OldFirmwareClient phone = OldFirmwareClient.connect(legacy.port(), ProtocolVersion.TLSv10, RSA_AES128_SHA)) {
                assertThat(phone.version()).isEqualTo(ProtocolVersion.TLSv10);
                assertThat(phone.cipherSuite()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
                String answer = phone.post(WpiServerSettings.DEFAULT_PATH, START_UP);
                assertThat(answer).startsWith("HTTP/1.1 200").contains("DLSMessage").contains("0A1B");
            }
            // The same JVM, at the same time: a listener without the legacy setting still refuses that phone.
            assertRefused(modern.port(), ProtocolVersion.TLSv10, RSA_AES128_SHA);
            assertRefused(modern.port(), ProtocolVersion.TLSv12, CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256);
        }
        assertThat(Security.getProperty("jdk.tls.disabledAlgorithms")).as("JVM-wide TLS bans untouched").isEqualTo(jvmBans);
    }

    @Test
    void theLegacyListenerServesEveryOldCombinationItLists() throws Exception {
        try (WpiServer legacy = start(TlsPolicy.minimum("TLSv1", List.of()))) {
            for (var old : List.of(
                    new Object[]{ProtocolVersion.TLSv11, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA},
                    new Object[]{ProtocolVersion.TLSv10, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA},
                    new Object[]{ProtocolVersion.TLSv12, CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256})) {
                try (OldFirmwareClient phone = OldFirmwareClient.connect(legacy.port(), (ProtocolVersion) old[0], (int) old[1])) {
                    assertThat(phone.version()).isEqualTo(old[0]);
                    assertThat(phone.post(WpiServerSettings.DEFAULT_PATH, START_UP)).startsWith("HTTP/1.1 200");
                }
            }
            // Not listed: refused even there.
            assertRefused(legacy.port(), ProtocolVersion.TLSv10, CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256);
            // Modern clients on the legacy listener get the JDK's TLS 1.3, as anywhere else.
            try (SSLSocket s = jdkClient(legacy.port(), "TLSv1.3", null)) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void tripleDesOnlyWhenTheOperatorOptsIn() throws Exception {
        int tripleDes = CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA;
        try (WpiServer legacy = start(TlsPolicy.minimum("TLSv1", List.of()))) {
            assertRefused(legacy.port(), ProtocolVersion.TLSv10, tripleDes);
        }
        try (WpiServer optedIn = start(TlsPolicy.minimum("TLSv1", List.of(), true))) {
            try (OldFirmwareClient phone = OldFirmwareClient.connect(optedIn.port(), ProtocolVersion.TLSv10, tripleDes)) {
                assertThat(phone.cipherSuite()).isEqualTo("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
                assertThat(phone.post(WpiServerSettings.DEFAULT_PATH, START_UP)).startsWith("HTTP/1.1 200");
            }
        }
        assertThatThrownBy(() -> TlsPolicy.minimum("TLSv1.2", List.of(), true))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("3DES");
    }

    @Test
    void aRealOpensslTls10ClientIsServed() throws Exception {
        Assumptions.assumeTrue(opensslSpeaksTls10(), "openssl with -tls1 at SECLEVEL=0 is not on this machine: skipped");
        try (WpiServer legacy = start(TlsPolicy.minimum("TLSv1", List.of()))) {
            String out = openssl(legacy.port(), "-tls1", "AES128-SHA:@SECLEVEL=0");
            assertThat(out).contains("Protocol  : TLSv1\n").contains("Cipher    : AES128-SHA")
                    .contains("HTTP/1.1 200").contains("DLSMessage");
        }
        try (WpiServer modern = start(TlsPolicy.minimum("TLSv1.2", List.of()))) {
            assertThat(openssl(modern.port(), "-tls1", "AES128-SHA:@SECLEVEL=0")).doesNotContain("HTTP/1.1 200")
                    .doesNotContain("Cipher    : AES128-SHA");
        }
    }

    @Test
    void theDefaultRefusesWhatIsOutdated() throws Exception {
        try (WpiServer server = start(TlsPolicy.minimum("TLSv1.2", List.of()))) {
            assertRefused(server.port(), ProtocolVersion.TLSv10, RSA_AES128_SHA);
            assertRefused(server.port(), ProtocolVersion.TLSv11, RSA_AES128_SHA);
            assertRefused(server.port(), ProtocolVersion.TLSv10, CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA);
            for (int outdated : new int[]{CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, RSA_AES128_SHA,
                    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256}) {
                assertRefused(server.port(), ProtocolVersion.TLSv12, outdated);
            }
            try (OldFirmwareClient ok = OldFirmwareClient.connect(server.port(), ProtocolVersion.TLSv12,
                    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)) {
                assertThat(ok.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            }
            try (SSLSocket s = jdkClient(server.port(), "TLSv1.3", null)) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void badPoliciesAreRefusedClearly() {
        assertThat(TlsPolicy.minimum("TLSv1.1", List.of()).protocols()).containsExactly("TLSv1.3", "TLSv1.2", "TLSv1.1");
        assertThatThrownBy(() -> TlsPolicy.minimum("SSLv3", List.of())).hasMessageContaining("unknown TLS protocol");
        assertThatThrownBy(() -> TlsPolicy.minimum("TLSv1", List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "RSA_WITH_NOTHING")))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("RSA_WITH_NOTHING");
        assertThatThrownBy(() -> start(TlsPolicy.minimum("TLSv1", List.of("TLS_AES_128_GCM_SHA256"))))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("RSA cipher suite");
        var legacySettings = settings(TlsPolicy.minimum("TLSv1", List.of()));
        assertThatThrownBy(() -> new WpiServer(legacySettings, engine(), CERT, CERT.certificate()))
                .as("the mutual-TLS listener stays modern").isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(int port, ProtocolVersion version, int suite) {
        assertThatThrownBy(() -> OldFirmwareClient.connect(port, version, suite).close())
                .as(version + " / 0x" + Integer.toHexString(suite)).isInstanceOf(IOException.class);
    }

    private static boolean opensslSpeaksTls10() {
        try {
            Process p = new ProcessBuilder("openssl", "ciphers", "-tls1", "AES128-SHA:@SECLEVEL=0")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("AES128-SHA");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** openssl s_client as an old phone: one WPI POST over the given version and suites; its whole output. */
    static String openssl(int port, String version, String ciphers) throws Exception {
        byte[] body = START_UP.getBytes(StandardCharsets.UTF_8);
        String request = "POST " + WpiServerSettings.DEFAULT_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n" + START_UP;
        File log = File.createTempFile("openssl", ".txt");
        try {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
                    "-cipher", ciphers, "-ign_eof", "-servername", "localhost")
                    .redirectErrorStream(true).redirectOutput(log).start();
            p.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl s_client did not finish");
            }
            return java.nio.file.Files.readString(log.toPath());
        } finally {
            log.delete();
        }
    }

    private static InteractionEngine engine() {
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
        return new InteractionEngine(new WpiCodec(),
                new InMemoryInteractionStore(Duration.ofMinutes(1), Clock.systemUTC()), none, (d, t, r) -> { },
                new InMemoryPendingWork(), Clock.systemUTC(), 10);
    }

    private static WpiServerSettings settings(TlsPolicy tls) {
        return new WpiServerSettings("127.0.0.1", 0, WpiServerSettings.DEFAULT_PATH, Path.of("unused"), 10,
                65536, Duration.ofSeconds(30), Duration.ofMinutes(1), tls);
    }

    private static WpiServer start(TlsPolicy tls) {
        return new WpiServer(settings(tls), engine(), CERT).start();
    }

    private static SSLSocket jdkClient(int port, String protocol, String suite) throws Exception {
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
