package org.deskfleet.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A connection without HTTP handling, for hostile tests: write any bytes (in as many pieces and with as
 * much delay as wanted), read back whatever the server sends, see when it closes.
 */
public final class RawConnection implements AutoCloseable {

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> closed = new CompletableFuture<>();
    private final Collector collector = new Collector();
    private volatile Channel channel;

    RawConnection() {
    }

    /** The pipeline handler; kept private so that Netty's callbacks are not part of the public API. */
    ChannelInboundHandlerAdapter handler() {
        return collector;
    }

    void bind(Channel ch) {
        this.channel = ch;
    }

    /** Writes and flushes bytes as they are. */
    public CompletableFuture<Void> write(byte[] bytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(new SimulatorException(ErrorKind.of(f.cause()),
                        "raw write failed: " + f.cause().getMessage(), f.cause()));
            }
        });
        return done;
    }

    /** Everything received so far. */
    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /** Completes with everything received once the connection is closed, by either side. */
    public CompletableFuture<byte[]> closeFuture() {
        return closed;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
    }

    private final class Collector extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                synchronized (received) {
                    buf.readBytes(received, buf.readableBytes());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e); // a ByteArrayOutputStream does not throw
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closed.complete(received());
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Hostile tests expect resets and TLS alerts; the close future reports what arrived before.
            ctx.close();
        }
    }
}
