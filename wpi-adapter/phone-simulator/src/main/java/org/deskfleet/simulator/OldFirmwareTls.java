package org.deskfleet.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;

/**
 * TLS as phones with old firmware speak it: TLS 1.0 or 1.1 with RSA key exchange only
 * ({@code TLS_RSA_WITH_AES_128_CBC_SHA}). The JDK's TLS refuses both JVM-wide, so this client runs
 * BouncyCastle's TLS protocol engine in non-blocking mode between the socket and the HTTP codec.
 */
final class OldFirmwareTls extends ChannelDuplexHandler {

    /** The versions this handler is for; a configuration naming only these selects it. */
    static final List<String> VERSIONS = List.of("TLSv1.1", "TLSv1");

    private final ProtocolVersion[] versions;
    private final TlsClientProtocol protocol = new TlsClientProtocol();
    private Promise<Void> handshake;
    private boolean closed;

    private final java.time.Duration handshakeTimeout;

    OldFirmwareTls(List<String> protocols, java.time.Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
        this.versions = protocols.stream()
                .map(p -> p.equals("TLSv1.1") ? ProtocolVersion.TLSv11 : ProtocolVersion.TLSv10)
                .toArray(ProtocolVersion[]::new);
    }

    static boolean isFor(List<String> protocols) {
        return VERSIONS.containsAll(protocols);
    }

    Future<Void> handshakeFuture() {
        return handshake;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        handshake = ctx.executor().newPromise();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        var timer = ctx.executor().schedule(() -> {
            if (!handshake.isDone()) {
                fail(ctx, new IOException("no TLS handshake within " + handshakeTimeout));
            }
        }, handshakeTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        handshake.addListener(f -> timer.cancel(false));
        try {
            protocol.connect(new Client());
            writeOutput(ctx, ctx.newPromise());
            ctx.flush();
        } catch (IOException e) {
            fail(ctx, e);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        in.release();
        if (closed) {
            return;
        }
        try {
            protocol.offerInput(bytes);
        } catch (IOException e) {
            writeOutput(ctx, ctx.newPromise());
            ctx.flush();
            fail(ctx, e);
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
    public void channelInactive(ChannelHandlerContext ctx) {
        handshake.tryFailure(new IOException("the server closed the connection during the TLS handshake"));
        ctx.fireChannelInactive();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf out)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("only bytes go over TLS"));
            return;
        }
        try {
            byte[] plain = new byte[out.readableBytes()];
            out.readBytes(plain);
            if (plain.length > 0) {
                protocol.writeApplicationData(plain, 0, plain.length);
            }
            writeOutput(ctx, promise);
        } catch (IOException e) {
            promise.setFailure(e);
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
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        ctx.close(promise);
    }

    private void fail(ChannelHandlerContext ctx, IOException e) {
        closed = true;
        handshake.tryFailure(e);
        ctx.close();
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

    private final class Client extends DefaultTlsClient {

        Client() {
            super(new BcTlsCrypto(new SecureRandom()));
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return versions;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[]{CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA};
        }

        @Override
        public TlsAuthentication getAuthentication() {
            // Default mode: phones accept whatever certificate the server shows.
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            handshake.trySuccess(null);
        }
    }
}
