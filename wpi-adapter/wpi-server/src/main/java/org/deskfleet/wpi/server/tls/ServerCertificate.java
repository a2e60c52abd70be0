package org.deskfleet.wpi.server.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The WPI listener's key and certificate. Generated once (RSA 2048, self-signed: phones in default mode
 * accept any certificate) and kept as PEM files in the data directory, the key readable by the owner only.
 */
public record ServerCertificate(PrivateKey key, X509Certificate certificate) {

    public static ServerCertificate loadOrCreate(Path dir, String commonName) {
        return loadOrCreate(dir, "wpi-server", () -> generate(commonName));
    }

    /** Loads {@code <name>.key} / {@code <name>.crt} from the directory, or creates and keeps them. */
    public static ServerCertificate loadOrCreate(Path dir, String name, java.util.function.Supplier<ServerCertificate> create) {
        Path keyFile = dir.resolve(name + ".key");
        Path certFile = dir.resolve(name + ".crt");
        try {
            PrivateFiles.folder(dir);
            if (Files.exists(keyFile) && Files.exists(certFile)) {
                return load(keyFile, certFile);
            }
            if (Files.exists(keyFile) || Files.exists(certFile)) {
                // Never regenerate over half a pair: for the device CA that would disown every phone's certificate.
                throw new IllegalStateException("found only one of " + keyFile + " and " + certFile
                        + "; restore the other (from a backup) or remove both to create new ones, then start again");
            }
            ServerCertificate created = create.get();
            // The certificate first: a key without its certificate stops the next start instead of regenerating.
            PrivateFiles.createReadable(certFile, pem(created.certificate()).getBytes(StandardCharsets.US_ASCII));
            PrivateFiles.create(keyFile, pem(new JcaPKCS8Generator(created.key(), null)).getBytes(StandardCharsets.US_ASCII));
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the WPI server certificate in " + dir, e);
        }
    }

    public static ServerCertificate generate(String commonName) {
        return generate(commonName, java.util.List.of());
    }

    /**
     * Self-signed, for {@code commonName}, {@code localhost}, {@code 127.0.0.1} and the further host names or
     * IP addresses given (the names an operator's browser or tool uses to reach the server).
     */
    public static ServerCertificate generate(String commonName, java.util.List<String> otherNames) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName + ",O=deskfleet");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
            var names = new java.util.LinkedHashSet<String>();
            names.add(commonName);
            names.add("localhost");
            names.add("127.0.0.1");
            names.addAll(otherNames);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                    .map(n -> isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new)));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            return new ServerCertificate(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(holder));
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a server certificate", e);
        }
    }

    private static ServerCertificate load(Path keyFile, Path certFile) throws IOException {
        PrivateKey key;
        X509Certificate cert;
        byte[] keyPem = PrivateFiles.read(keyFile);
        try (Reader r = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(keyPem), StandardCharsets.US_ASCII);
             PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new IOException(keyFile + " does not hold an unencrypted PKCS#8 private key");
            }
            key = new JcaPEMKeyConverter().getPrivateKey(info);
        }
        try (Reader r = Files.newBufferedReader(certFile); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IOException(certFile + " does not hold a certificate");
            }
            cert = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("unreadable certificate " + certFile, e);
        }
        return new ServerCertificate(key, cert);
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
