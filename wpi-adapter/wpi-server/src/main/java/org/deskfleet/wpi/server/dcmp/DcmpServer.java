package org.deskfleet.wpi.server.dcmp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.wpi.server.work.PendingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The DCMP polling endpoint (wpi-protocol §8.4): {@code GET <prefix>/dcmp/contact-me?device-id=<mac>}
 * answers 202 when work waits for the device, 200 otherwise. Everything happens on the event loop and in
 * memory: no store round trip per poll, which is what lets one node answer many thousands a second.
 */
public final class DcmpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DcmpServer.class);
    /** While delivery state catches up at start: seconds a phone waits before it polls again. */
    static final int RETRY_AFTER_SECONDS = 10;

    /**
     * @param ssl          null for plain HTTP (the default; phones poll behind NAT through proxies)
     * @param workerThreads event-loop threads; polls are tiny, so few threads avoid contending for cores
     */
    public record Settings(String host, int port, String pathPrefix, SslContext ssl, Duration idleTimeout,
                           int workerThreads) {
    }

    private final Settings settings;
    private final PendingWork work;
    private final DcmpPollListener listener;
    private final Clock clock;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    public DcmpServer(Settings settings, PendingWork work, DcmpPollListener listener, Clock clock) {
        this.settings = settings;
        this.work = work;
        this.listener = listener;
        this.clock = clock;
    }

    public synchronized DcmpServer start() {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup(settings.workerThreads());
        String path = settings.pathPrefix() + "/dcmp/contact-me";
        String plainPrefix = path.indexOf('%') < 0 ? path + "?device-id=" : null;
        channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (settings.ssl() != null) {
                            ch.pipeline().addLast(settings.ssl().newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                new HttpServerCodec(2048, 4096, 4096), new HttpObjectAggregator(1024), new Handler(path, plainPrefix));
                    }
                })
                .bind(new InetSocketAddress(settings.host(), settings.port())).syncUninterruptibly().channel();
        log.info("DCMP polling on {}://{}:{}{}", settings.ssl() == null ? "http" : "https", settings.host(), port(), path);
        return this;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The poll handler of one connection (after HTTP decoding), for a channel of the caller's own. */
    public io.netty.channel.ChannelHandler newConnectionHandler() {
        String path = settings.pathPrefix() + "/dcmp/contact-me";
        return new Handler(path, path.indexOf('%') < 0 ? path + "?device-id=" : null);
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            channel = null;
        }
    }

    /** One per connection. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final String path;
        /** {@code <path>?device-id=}, or null when the path itself would need decoding. */
        private final String plainPrefix;
        /** The peer of this connection, formatted once: a keep-alive poller polls many times over it. */
        private String remote;
        private FullHttpResponse ok;
        private FullHttpResponse accepted;

        Handler(String path, String plainPrefix) {
            this.path = path;
            this.plainPrefix = plainPrefix;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
                return;
            }
            String raw = plainPoll(req.uri());
            if (raw == null) {
                QueryStringDecoder uri = new QueryStringDecoder(req.uri());
                if (!uri.path().equals(path)) {
                    respond(ctx, HttpResponseStatus.NOT_FOUND, "no DCMP service at " + uri.path(), keepAlive);
                    return;
                }
                List<String> ids = HttpMethod.GET.equals(req.method()) ? uri.parameters().get("device-id") : null;
                raw = ids != null && ids.size() == 1 ? ids.getFirst() : "";
            }
            if (!HttpMethod.GET.equals(req.method())) {
                respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "DCMP polls are GET requests", keepAlive);
                return;
            }
            if (!DeviceId.isValid(raw)) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "device-id must be one MAC address", keepAlive);
                return;
            }
            String deviceId = DeviceId.parse(raw).value();
            if (!work.current()) {
                // Not "nothing pending" from state that is not current: the phone asks again soon, not in 24 h.
                notCurrent(ctx, keepAlive);
                return;
            }
            listener.polled(deviceId, clock.instant(), remote(ctx));
            boolean pending = work.hasPending(deviceId);
            if (pending) {
                work.toldToCallIn(deviceId);
            }
            if (keepAlive) {
                ctx.writeAndFlush(pending ? accepted() : ok());
            } else {
                respond(ctx, pending ? HttpResponseStatus.ACCEPTED : HttpResponseStatus.OK, null, false);
            }
        }

        /**
         * The device id of the usual poll, {@code <path>?device-id=<id>} with nothing to decode, without
         * a query-string decoder (its maps and lists per poll); null for anything else, which the decoder
         * then reads as before.
         */
        private String plainPoll(String uri) {
            if (plainPrefix == null || !uri.startsWith(plainPrefix)) {
                return null;
            }
            for (int i = plainPrefix.length(); i < uri.length(); i++) {
                char c = uri.charAt(i);
                if (c == '%' || c == '+' || c == '&' || c == ';' || c == '#') {
                    return null;
                }
            }
            return uri.substring(plainPrefix.length());
        }

        /**
         * The keep-alive answers of this connection, built once: they have no body and the encoder only
         * reads them, on this connection's event loop, before the next poll is read.
         */
        private FullHttpResponse ok() {
            if (ok == null) {
                ok = emptyKeepAlive(HttpResponseStatus.OK);
            }
            return ok;
        }

        private FullHttpResponse accepted() {
            if (accepted == null) {
                accepted = emptyKeepAlive(HttpResponseStatus.ACCEPTED);
            }
            return accepted;
        }

        private static FullHttpResponse emptyKeepAlive(HttpResponseStatus status) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return res;
        }

        private void notCurrent(ChannelHandlerContext ctx, boolean keepAlive) {
            ByteBuf body = Unpooled.copiedBuffer("delivery state is catching up; poll again shortly\n", StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE, body);
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            res.headers().setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
            ByteBuf body = text == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (text != null) {
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            }
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private String remote(ChannelHandlerContext ctx) {
            if (remote == null) {
                remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
            }
            return remote;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
