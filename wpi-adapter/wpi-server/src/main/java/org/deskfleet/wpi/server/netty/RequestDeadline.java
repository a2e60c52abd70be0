package org.deskfleet.wpi.server.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A request must arrive whole within a deadline from its first byte. The idle timeout alone restarts on
 * every byte, so a client sending one byte every 40 s would hold a connection for ever (slowloris). Placed
 * before the HTTP decoder; the handler that receives the complete request calls {@link #complete}.
 * The TLS handshake has a deadline of its own (the TLS handler's).
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private final long deadlineMillis;
    private ScheduledFuture<?> pending;

    RequestDeadline(Duration deadline) {
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (pending == null) {
            pending = ctx.executor().schedule(() -> {
                ctx.close();
            }, deadlineMillis, TimeUnit.MILLISECONDS);
        }
        super.channelRead(ctx, msg);
    }

    /** The request is complete: the next one gets a deadline of its own from its first byte. */
    void complete() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        complete();
        super.channelInactive(ctx);
    }
}
