package org.deskfleet.simulator.bench;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A self-signed RSA certificate for loopback test servers, built with BouncyCastle. RSA 2048 because that is
 * what phone-facing servers use (wpi-protocol §1.5), so handshake costs compare fairly. Generated once per JVM.
 */
public final class SelfSignedTls {

    /** Certificate plus key. */
    public record Identity(X509Certificate certificate, KeyPair keyPair) {
    }

    private static volatile Identity identity;

    private SelfSignedTls() {
    }

    public static Identity identity() {
        Identity i = identity;
        if (i == null) {
            synchronized (SelfSignedTls.class) {
                i = identity;
                if (i == null) {
                    i = generate("deskfleet-baseline");
                    identity = i;
                }
            }
        }
        return i;
    }

    /** A server context offering TLS 1.3 and 1.2 with the shared identity. */
    public static SslContext serverContext() {
        Identity id = identity();
        try {
            return SslContextBuilder.forServer(id.keyPair().getPrivate(), id.certificate())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot build the server TLS context", e);
        }
    }

    /** A fresh key pair and certificate for {@code CN=commonName}, SAN localhost and 127.0.0.1. */
    public static Identity generate(String commonName) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048, new SecureRandom());
            KeyPair kp = kpg.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                    name, kp.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            return new Identity(cert, kp);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }
}
