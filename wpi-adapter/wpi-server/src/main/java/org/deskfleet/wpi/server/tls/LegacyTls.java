package org.deskfleet.wpi.server.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JceDefaultTlsCredentialedDecryptor;
import org.deskfleet.kernel.InvalidInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * TLS for one listener that must also let in old phone firmware (TLS 1.0 / 1.1, RSA key exchange).
 *
 * <p>Both JSSE providers at hand (the JDK's and BouncyCastle's BCJSSE) apply the JVM-wide
 * {@code jdk.tls.disabledAlgorithms} to every connection: BCJSSE wraps any {@code SSLParameters} algorithm
 * constraints in its own, which read that same security property. Lifting it would weaken every listener and
 * every outgoing connection of the process. So the connection's ClientHello is read first: a client that offers
 * TLS 1.2 or newer and one of the listener's modern suites gets the JDK's TLS (the modern part of the policy);
 * any other gets BouncyCastle's TLS protocol engine ({@code org.bouncycastle.tls}, below JSSE, where no JVM-wide
 * constraint applies) limited to exactly the versions and suites of this listener's policy.
 */
public final class LegacyTls {

    private static final Logger log = LoggerFactory.getLogger(LegacyTls.class);

    private final SslContext modern;
    private final Set<Integer> modernSuites = new HashSet<>();
    private final ProtocolVersion[] versions;
    private final int[] suites;
    private final JcaTlsCrypto crypto;
    private final Certificate chain;
    private final java.security.PrivateKey key;

    /**
     * @param policy      the listener's whole policy ({@link TlsPolicy#needsLegacy()})
     * @param modern      the JDK context for {@link TlsPolicy#jdkPart()}
     * @param certificate the listener's RSA key and certificate
     */
    public LegacyTls(TlsPolicy policy, SslContext modern, ServerCertificate certificate) {
        this.modern = modern;
        for (String s : policy.jdkPart().cipherSuites()) {
            modernSuites.add(CipherSuites.code(s));
        }
        this.versions = policy.legacyProtocols().stream().map(LegacyTls::version).toArray(ProtocolVersion[]::new);
        List<String> legacySuites = policy.legacyCipherSuites();
        if (legacySuites.isEmpty()) {
            throw new InvalidInput("TLS versions before 1.2 need at least one RSA cipher suite (e.g. "
                    + "TLS_RSA_WITH_AES_128_CBC_SHA); the list has none");
        }
        this.suites = legacySuites.stream().mapToInt(CipherSuites::code).toArray();
        this.crypto = new JcaTlsCryptoProvider().create(new SecureRandom());
        this.key = certificate.key();
        try {
            TlsCertificate cert = crypto.createCertificate(certificate.certificate().getEncoded());
            this.chain = new Certificate(new TlsCertificate[]{cert});
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalStateException("cannot read the listener's certificate for old-firmware TLS", e);
        }
    }

    /** A connection's TLS handler: decides on the ClientHello, then puts the chosen engine in its place. */
    public ChannelHandler newHandler() {
        return new Router();
    }

    private static ProtocolVersion version(String name) {
        return switch (name) {
            case "TLSv1.2" -> ProtocolVersion.TLSv12;
            case "TLSv1.1" -> ProtocolVersion.TLSv11;
            case "TLSv1" -> ProtocolVersion.TLSv10;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * Old firmware: its highest version is below TLS 1.2 (a TLS 1.3 client names 1.2 here too), or it offers
     * none of the modern suites. The buffer starts at the ClientHello's version field.
     */
    boolean isOldFirmware(ByteBuf hello) {
        if (hello == null || hello.readableBytes() < 2 + 32 + 1) {
            return false;
        }
        int at = hello.readerIndex();
        int end = hello.writerIndex();
        if (hello.getUnsignedShort(at) < 0x0303) {
            return true;
        }
        at += 2 + 32;
        at += 1 + hello.getUnsignedByte(at);
        if (at + 2 > end) {
            return false;
        }
        int length = hello.getUnsignedShort(at);
        at += 2;
        for (int i = at; i + 1 < Math.min(at + length, end); i += 2) {
            if (modernSuites.contains(hello.getUnsignedShort(i))) {
                return false;
            }
        }
        return true;
    }

    private final class Router extends SslClientHelloHandler<Boolean> {

        Router() {
            // A ClientHello, post-quantum key shares included, is a few KiB: no stranger makes a connection hold more.
            super(64 * 1024);
        }

        @Override
        protected Future<Boolean> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
            return ctx.executor().newSucceededFuture(isOldFirmware(clientHello));
        }

        @Override
        protected void onLookupComplete(ChannelHandlerContext ctx, Future<Boolean> future) {
            // Replacing this handler hands the ClientHello bytes it kept to the chosen engine.
            ChannelHandler engine = Boolean.TRUE.equals(future.getNow())
                    ? new OldFirmwareHandler() : modern.newHandler(ctx.alloc());
            ctx.pipeline().replace(this, ctx.name(), engine);
        }
    }

    /** BouncyCastle's server protocol in non-blocking mode between the socket and the HTTP codec. */
    private final class OldFirmwareHandler extends ChannelDuplexHandler {

        private final TlsServerProtocol protocol = new TlsServerProtocol();
        private boolean closed;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
            protocol.accept(new Server());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf in)) {
                ctx.fireChannelRead(msg);
                return;
            }
            byte[] bytes;
            try {
                bytes = new byte[in.readableBytes()];
                in.readBytes(bytes);
            } finally {
                in.release();
            }
            if (closed) {
                return;
            }
            try {
                protocol.offerInput(bytes);
            } catch (IOException e) {
                // The engine has queued its alert: send it, then hang up.
                log.debug("old-firmware TLS from {} refused: {}", ctx.channel().remoteAddress(), e.toString());
                closed = true;
                writeOutput(ctx, ctx.newPromise());
                ctx.flush();
                ctx.close();
                return;
            }
            writeOutput(ctx, ctx.newPromise());
            ctx.flush();
            int available;
            while ((available = protocol.getAvailableInputBytes()) > 0) {
                byte[] plain = new byte[available];
                protocol.readInput(plain, 0, available);
                ctx.fireChannelRead(Unpooled.wrappedBuffer(plain));
            }
            if (protocol.isClosed() && !closed) {
                closed = true;
                ctx.close();
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof ByteBuf out)) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IllegalArgumentException("only bytes can be sent over TLS, not " + msg));
                return;
            }
            try {
                if (closed) {
                    promise.setFailure(new IOException("the TLS connection is closed"));
                    return;
                }
                byte[] plain = new byte[out.readableBytes()];
                out.readBytes(plain);
                if (plain.length > 0) {
                    protocol.writeApplicationData(plain, 0, plain.length);
                }
                writeOutput(ctx, promise);
            } catch (IOException e) {
                promise.setFailure(e);
                ctx.close();
            } finally {
                out.release();
            }
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (!closed) {
                closed = true;
                try {
                    protocol.close();
                    writeOutput(ctx, ctx.newPromise());
                    ctx.flush();
                } catch (IOException e) {
                    log.debug("closing old-firmware TLS: {}", e.toString());
                }
            }
            ctx.close(promise);
        }

        private void writeOutput(ChannelHandlerContext ctx, ChannelPromise promise) {
            int available = protocol.getAvailableOutputBytes();
            if (available == 0) {
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
                return;
            }
            byte[] record = new byte[available];
            protocol.readOutput(record, 0, available);
            ctx.write(Unpooled.wrappedBuffer(record), promise);
        }
    }

    /** Exactly this listener's old-firmware versions and suites; RSA key exchange or ECDHE signed with RSA. */
    private final class Server extends DefaultTlsServer {

        Server() {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return versions;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), suites);
        }

        @Override
        protected TlsCredentialedDecryptor getRSAEncryptionCredentials() {
            return new JceDefaultTlsCredentialedDecryptor(crypto, chain, key);
        }

        @Override
        protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
            SignatureAndHashAlgorithm algorithm = TlsUtils.chooseSignatureAndHashAlgorithm(context,
                    context.getSecurityParametersHandshake().getClientSigAlgs(), SignatureAlgorithm.rsa);
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key, chain, algorithm);
        }
    }
}
