package org.deskfleet.app.e2e;

import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.client.ClientEnteredSecureMode;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.server.tls.CertificateAuthority;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.SecureModeBootstrap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * wpi-protocol §9.2 without PIN: the service writes a client certificate, its CA and the secure port; the
 * phone comes back over mutual TLS on the secure port; from then on the default port refuses it.
 */
class SecureModeE2eTest extends EndToEndSupport {

    @Autowired
    InMemoryPendingWork work;
    @Autowired
    CertificateAuthority ca;

    private final WpiCodec codec = new WpiCodec();

    @Test
    void bootstrapWithoutPinMovesThePhoneToMutualTls() throws Exception {
        SimulatedPhone phone = SimulatedPhone.generate(701, 1);
        simulator.startUp(phone).join().requireOk();
        String device = DeviceId.parse(phone.mac()).value();
        work.add(device, SecureModeBootstrap.withoutPin(device, ca, wpi.securePort()));

        InteractionTrace bootstrap = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(bootstrap.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(phone.value("goto-secure-mode")).contains("nopin");
        assertThat(phone.value("dls-secure-port")).contains(Integer.toString(wpi.securePort()));

        // The phone restarts onto the secure port with what it was given.
        HttpClient secure = clientWith(phone.value("dls-client-certificate").orElseThrow(),
                phone.item("dls-server-ca#0").orElseThrow().value());
        ServiceMessage answer = startUp(secure, wpi.securePort(), phone);
        assertThat(answer.action()).isEqualTo(Action.CLEAN_UP);
        assertThat(answer.item("cleanup-reason")).isEmpty();
        assertThat(eventsOf(phone.mac())).filteredOn(ClientEnteredSecureMode.class::isInstance).hasSize(1);
        await(() -> client(phone.mac()), c -> graphql.data("query($id: ID!) { client(deviceId: $id) { secureMode } }",
                java.util.Map.of("id", phone.mac())).get("client").get("secureMode").asBoolean(), "secure mode in the read model");

        // The default port no longer serves it, and records nothing from it.
        long events = eventsOf(phone.mac()).size();
        phone.changeSoftwareVersion("V3 R9.9.9");
        InteractionTrace downgraded = simulator.startUp(phone).join().requireOk();
        assertThat(downgraded.actions()).containsExactly(Action.CLEAN_UP);
        assertThat(downgraded.finalCleanupReason()).contains("device is in secure mode; use the secure port");
        assertThat(eventsOf(phone.mac())).hasSize((int) events);
    }

    @Test
    void aCertificateOfAnotherDeviceIsRefusedAndNoCertificateIsNoConnection() throws Exception {
        SimulatedPhone phone = SimulatedPhone.generate(702, 1);
        var other = ca.issueDevice("02:00:00:00:70:02");
        HttpClient wrong = clientWith(ca.pkcs12Base64(other, new char[0]), null);
        ServiceMessage answer = startUp(wrong, wpi.securePort(), phone);
        assertThat(answer.item("cleanup-reason")).contains("client certificate does not belong to this device");
        assertThat(eventsOf(phone.mac())).isEmpty();

        HttpClient anonymous = clientWith(null, null);
        assertThatThrownBy(() -> startUp(anonymous, wpi.securePort(), phone)).hasRootCauseInstanceOf(Exception.class);
        assertThat(eventsOf(phone.mac())).isEmpty();
    }

    private ServiceMessage startUp(HttpClient client, int port, SimulatedPhone phone) throws Exception {
        byte[] body = codec.writePhoneMessage(PhoneMessage.of(phone.newNonce(), Reason.START_UP, phone.basicItems()));
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + port + "/DeploymentService/LoginService"))
                .header("Content-Type", "text/xml").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return codec.readServiceMessage(r.body());
    }

    /** A phone-side TLS client: its client certificate (PKCS#12 base64) and the CA it was told to trust (PEM). */
    private HttpClient clientWith(String pkcs12Base64, String caPem) throws Exception {
        KeyManagerFactory kmf = null;
        if (pkcs12Base64 != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(Base64.getDecoder().decode(pkcs12Base64)), new char[0]);
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("dls-server-ca", caPem == null ? ca.certificate()
                : CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
