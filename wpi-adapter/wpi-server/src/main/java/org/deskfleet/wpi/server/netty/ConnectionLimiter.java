package org.deskfleet.wpi.server.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.deskfleet.wpi.server.log.LogGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections open at once, in total and per source address. A connection costs a TLS engine and buffers
 * before it has said anything, so without a cap anyone could open them until memory or file handles run
 * out. Over a cap the connection is closed at once, before the TLS handshake; phones retry.
 * One instance is shared by every channel of a listener.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final LogGuard WARNINGS = LogGuard.standard();
    private static final AttributeKey<String> COUNTED = AttributeKey.valueOf("deskfleet.counted-address");

    private final int total;
    private final int perAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(int total, int perAddress) {
        if (total <= 0 || perAddress <= 0) {
            throw new IllegalArgumentException("connection caps must be positive");
        }
        this.total = total;
        this.perAddress = perAddress;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String address = address(ctx.channel().remoteAddress());
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            WARNINGS.warn(log, "total", "connection from {} refused: {} connections open", address, total);
            ctx.close();
            return;
        }
        AtomicInteger mine = byAddress.compute(address, (a, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            c.incrementAndGet();
            return c;
        });
        ctx.channel().attr(COUNTED).set(address);
        if (mine.get() > perAddress) {
            WARNINGS.warn(log, "address", "connection from {} refused: {} connections open from it", address, perAddress);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        String address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            open.decrementAndGet();
            byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        super.channelInactive(ctx);
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(a);
    }
}
