package org.deskfleet.simulator.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare Netty TLS server on a loopback ephemeral port: the cost floor of one WPI round trip (TLS, HTTP codec,
 * aggregation, no XML parsing, no state). By default it answers every POST with a {@code DLSMessage CleanUp}
 * echoing the request's nonce, and sets a {@code JSESSIONID} cookie when the request carried none. Tests plug
 * in a {@link Responder} to script other answers.
 */
public final class BaselineServer implements AutoCloseable {

    /** A request as received; {@code connectionId} numbers connections from 1, {@code indexOnConnection} requests on it from 1. */
    public record Request(String method, String uri, String httpVersion, Map<String, List<String>> headers, byte[] body,
                          long connectionId, int indexOnConnection) {

        public Optional<String> header(String name) {
            List<String> v = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer; extra headers are added to {@code Content-Type}/{@code Content-Length}. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {

        public static Reply xml(byte[] body) {
            return new Reply(200, Map.of(), body);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body);
        }
    }

    /** Produces the answer to one request on the event loop; return null to never answer (timeout tests). */
    @FunctionalInterface
    public interface Responder {
        Reply respond(Request request);
    }

    private static final byte[] NONCE_ATTR = "nonce=\"".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private BaselineServer(Responder responder, int workerThreads) {
        SslContext ssl = SelfSignedTls.serverContext();
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("baseline-accept", true));
        workers = new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("baseline-io", true));
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        long id = connections.incrementAndGet();
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new HttpServerCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
                        ch.pipeline().addLast(new Handler(responder, id));
                    }
                });
        try {
            serverChannel = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /** The canned CleanUp server. */
    public static BaselineServer start() {
        return start(BaselineServer::cannedCleanUp);
    }

    public static BaselineServer start(Responder responder) {
        return start(responder, 0);
    }

    /** @param workerThreads I/O threads, 0 = Netty's default */
    public static BaselineServer start(Responder responder, int workerThreads) {
        return new BaselineServer(responder, workerThreads);
    }

    /** The default answer: CleanUp with the echoed nonce, plus a session cookie on a cookie-less request. */
    public static Reply cannedCleanUp(Request request) {
        Reply reply = Reply.xml(cleanUpFor(request.body()));
        if (request.header("cookie").isEmpty()) {
            reply = reply.withHeader("Set-Cookie", "JSESSIONID=" + sessionId() + "; Path=/DeploymentService; Secure");
        }
        return reply;
    }

    /** A {@code DLSMessage} with this action and the request's nonce, built as text (no XML library). */
    public static byte[] dlsMessage(byte[] requestBody, String action, String itemListXmlOrNull) {
        String nonce = extractNonce(requestBody).orElse("00");
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<DLSMessage xmlns=\"http://www.siemens.com/DLS\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"http://www.siemens.com/DLS\"><Message nonce=\"" + nonce + "\"><Action>" + action
                + "</Action>" + (itemListXmlOrNull == null ? "" : itemListXmlOrNull) + "</Message></DLSMessage>")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] cleanUpFor(byte[] requestBody) {
        return dlsMessage(requestBody, "CleanUp", null);
    }

    /** The value of the first {@code nonce="..."} attribute, by byte search (hex only, as phones send). */
    public static Optional<String> extractNonce(byte[] body) {
        outer:
        for (int i = 0; i + NONCE_ATTR.length <= body.length; i++) {
            for (int j = 0; j < NONCE_ATTR.length; j++) {
                if (body[i + j] != NONCE_ATTR[j]) {
                    continue outer;
                }
            }
            int start = i + NONCE_ATTR.length;
            int end = start;
            while (end < body.length && end - start < 64 && Character.digit(body[end], 16) >= 0) {
                end++;
            }
            return end > start ? Optional.of(new String(body, start, end - start, StandardCharsets.US_ASCII)) : Optional.empty();
        }
        return Optional.empty();
    }

    private static final AtomicLong SESSIONS = new AtomicLong();

    private static String sessionId() {
        long n = SESSIONS.incrementAndGet();
        return String.format(Locale.ROOT, "%016X%016X", n * 0x9E3779B97F4A7C15L, System.nanoTime());
    }

    public String host() {
        return address().getAddress().getHostAddress();
    }

    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Requests answered (or deliberately left unanswered) so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Responder responder;
        private final long connectionId;
        private int index;

        Handler(Responder responder, long connectionId) {
            this.responder = responder;
            this.connectionId = connectionId;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            requests.incrementAndGet();
            if (req.decoderResult().isFailure()) {
                send(ctx, new Reply(400, Map.of(), new byte[0]), false);
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : req.headers()) {
                headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
            }
            Request request = new Request(req.method().name(), req.uri(), req.protocolVersion().text(), headers,
                    ByteBufUtil.getBytes(req.content()), connectionId, ++index);
            Reply reply;
            try {
                reply = responder.respond(request);
            } catch (RuntimeException e) {
                reply = new Reply(500, Map.of(), new byte[0]);
            }
            if (reply != null) {
                send(ctx, reply, HttpUtil.isKeepAlive(req));
            }
        }

        private void send(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=UTF-8");
            resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
            reply.headers().forEach((n, v) -> resp.headers().add(n, v));
            if (!keepAlive) {
                resp.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(resp);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // hostile input, TLS garbage, resets: just drop the connection
        }
    }
}
