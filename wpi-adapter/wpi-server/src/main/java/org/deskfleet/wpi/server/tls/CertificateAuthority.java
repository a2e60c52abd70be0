package org.deskfleet.wpi.server.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

/**
 * The service's own certificate authority for Secure Mode (wpi-protocol §9.2): it signs the secure
 * listener's certificate and one client certificate per phone, and the secure listener trusts only it.
 * Kept as PEM under the data directory, like the default listener's certificate.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerCertificate ca;

    private CertificateAuthority(ServerCertificate ca) {
        this.ca = ca;
    }

    public static CertificateAuthority loadOrCreate(Path dir) {
        return new CertificateAuthority(ServerCertificate.loadOrCreate(dir, "ca", () -> selfSigned("deskfleet device CA")));
    }

    public static CertificateAuthority generate() {
        return new CertificateAuthority(selfSigned("deskfleet device CA"));
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** The secure listener's certificate, signed by this CA (phones check it against {@code dls-server-ca}). */
    public ServerCertificate issueServer(String commonName) {
        return issue("CN=" + commonName + ",O=deskfleet", true, commonName);
    }

    /** A phone's client certificate; its common name is the device id, which the secure listener checks. */
    public ServerCertificate issueDevice(String deviceId) {
        return issue("CN=" + deviceId + ",OU=phones,O=deskfleet", false, null);
    }

    /** Certificate and key as PKCS#12, base64 — the form the phone receives (encoding UNCONFIRMED, see wpi-protocol §9.4). */
    public String pkcs12Base64(ServerCertificate issued, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("device", issued.key(), password, new Certificate[]{issued.certificate(), ca.certificate()});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("cannot pack a device certificate", e);
        }
    }

    /** The device id a client certificate of this CA names, if it names one. */
    public static Optional<String> deviceOf(X509Certificate cert) {
        try {
            X500Name subject = new JcaX509CertificateHolder(cert).getSubject();
            var cn = subject.getRDNs(BCStyle.CN);
            return cn.length == 0 ? Optional.empty() : Optional.of(IETFUtils.valueToString(cn[0].getFirst().getValue()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private ServerCertificate issue(String subject, boolean server, String dnsName) {
        try {
            KeyPair pair = rsa();
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(new JcaX509CertificateHolder(ca.certificate()).getSubject(),
                    new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(server ? 3650 : 1825))), new X500Name(subject), pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (dnsName != null) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.dNSName, dnsName), new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.key()));
            return new ServerCertificate(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(h));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    private static ServerCertificate selfSigned(String cn) {
        try {
            KeyPair pair = rsa();
            X500Name name = new X500Name("CN=" + cn + ",O=deskfleet");
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(7300))), name, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            return new ServerCertificate(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(h));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the device CA", e);
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048, RANDOM);
        return gen.generateKeyPair();
    }
}
