package org.deskfleet.simulator.live;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A plain-HTTP GET on a shared event loop group, as the DCMP poll of a phone: only the status matters. */
final class PlainHttp {

    private PlainHttp() {
    }

    /** Completes with the response status, or exceptionally when there was no answer within {@code timeout}. */
    static CompletableFuture<Integer> get(EventLoopGroup group, URI uri, Duration timeout) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                                new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                        status.complete(res.status().code());
                                        ctx.close();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        status.completeExceptionally(cause);
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        status.completeExceptionally(new IOException("closed without an answer"));
                                    }
                                });
                    }
                });
        b.connect(uri.getHost(), port).addListener(f -> {
            if (!f.isSuccess()) {
                status.completeExceptionally(f.cause());
                return;
            }
            var req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target.isEmpty() ? "/" : target);
            req.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + port);
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ((io.netty.channel.ChannelFuture) f).channel().writeAndFlush(req);
        });
        return status;
    }
}
