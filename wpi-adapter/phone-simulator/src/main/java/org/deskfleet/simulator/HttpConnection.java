package org.deskfleet.simulator;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One TLS connection carrying HTTP/1.1 exchanges, strictly one at a time (WPI is request/response).
 * All state changes happen on the channel's event loop, so no locking is needed.
 */
final class HttpConnection extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final Duration requestTimeout;
    private Channel channel;
    private Pending pending;
    private boolean usedBefore;
    /** Cleared when the server asked to close or the channel died: such a connection is not reused. */
    private volatile boolean reusable = true;

    private record Pending(CompletableFuture<WpiResponse> future, long startNanos, boolean reused,
                           ScheduledFuture<?> timeout) {
    }

    HttpConnection(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    void bind(Channel ch) {
        this.channel = ch;
    }

    Channel channel() {
        return channel;
    }

    boolean isReusable() {
        return reusable && channel.isActive();
    }

    /** Sends one request; the future completes with the aggregated response or fails with a classified error. */
    CompletableFuture<WpiResponse> exchange(FullHttpRequest request) {
        CompletableFuture<WpiResponse> future = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (pending != null) {
                request.release();
                future.completeExceptionally(new SimulatorException(ErrorKind.PROTOCOL,
                        "a request is already in flight on this connection"));
                return;
            }
            if (!channel.isActive()) {
                request.release();
                future.completeExceptionally(new SimulatorException(ErrorKind.CONNECTION_CLOSED,
                        "connection closed before the request was sent"));
                return;
            }
            ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
                fail(new SimulatorException(ErrorKind.TIMEOUT, "no response within " + requestTimeout.toMillis() + " ms"));
                channel.close();
            }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            pending = new Pending(future, System.nanoTime(), usedBefore, timer);
            usedBefore = true;
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(f.cause());
                    channel.close();
                }
            });
        });
        return future;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        Pending p = pending;
        if (p == null) {
            // An answer nobody asked for: the connection is out of step, do not trust it any more.
            reusable = false;
            ctx.close();
            return;
        }
        if (msg.decoderResult().isFailure()) {
            fail(new SimulatorException(ErrorKind.BAD_RESPONSE, "malformed HTTP response: " + msg.decoderResult().cause(),
                    msg.decoderResult().cause()));
            ctx.close();
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : msg.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        byte[] body = ByteBufUtil.getBytes(msg.content());
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (!keepAlive) {
            reusable = false;
        }
        WpiResponse response = new WpiResponse(msg.status().code(), msg.protocolVersion().text(), headers, body,
                p.reused(), Duration.ofNanos(System.nanoTime() - p.startNanos()));
        // Clear before completing: the completion may synchronously send the next request.
        pending = null;
        p.timeout().cancel(false);
        if (!keepAlive) {
            ctx.close();
        }
        p.future().complete(response);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reusable = false;
        fail(new SimulatorException(ErrorKind.CONNECTION_CLOSED, "connection closed before the response"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reusable = false;
        if (cause instanceof TooLongFrameException) {
            fail(new SimulatorException(ErrorKind.BAD_RESPONSE, "response too large: " + cause.getMessage(), cause));
        } else {
            fail(cause);
        }
        ctx.close();
    }

    private void fail(Throwable cause) {
        Pending p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        p.timeout().cancel(false);
        Throwable t = cause instanceof SimulatorException ? cause
                : new SimulatorException(ErrorKind.of(cause), String.valueOf(cause.getMessage()), cause);
        p.future().completeExceptionally(t);
    }

    void close() {
        reusable = false;
        channel.close();
    }
}
