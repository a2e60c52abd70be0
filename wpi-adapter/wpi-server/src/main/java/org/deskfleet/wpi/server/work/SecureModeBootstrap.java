package org.deskfleet.wpi.server.work;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.tls.CertificateAuthority;
import org.deskfleet.wpi.server.tls.ServerCertificate;

import java.io.StringWriter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The job that switches a phone from Default to Secure Mode without PIN (wpi-protocol §9.2): one
 * {@code WriteItems} with a client certificate issued for this device, the CA the secure listener's
 * certificate chains to, and the secure port. Item encodings are UNCONFIRMED (wpi-protocol §9.4): PKCS#12
 * base64 without password for the client certificate, PEM for the CA.
 */
public final class SecureModeBootstrap {

    private SecureModeBootstrap() {
    }

    public static DeviceJob withoutPin(String deviceId, CertificateAuthority ca, int securePort) {
        ServerCertificate device = ca.issueDevice(deviceId);
        return new DeviceJob("secure-mode-" + UUID.randomUUID(), List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(
                WpiItem.of("goto-secure-mode", "nopin"),
                WpiItem.of("dls-client-certificate", ca.pkcs12Base64(device, new char[0])),
                WpiItem.indexed("dls-server-ca", 0, pem(ca)),
                WpiItem.of("dls-secure-port", Integer.toString(securePort))))));
    }

    private static String pem(CertificateAuthority ca) {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.certificate().getEncoded());
            StringWriter w = new StringWriter();
            w.write("-----BEGIN CERTIFICATE-----\n");
            w.write(b64);
            w.write("\n-----END CERTIFICATE-----\n");
            return w.toString();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
