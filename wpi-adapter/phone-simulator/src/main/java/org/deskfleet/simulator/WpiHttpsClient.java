package org.deskfleet.simulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty HTTPS client speaking to a WPI service the way a phone does: {@code POST} to
 * {@code /DeploymentService/LoginService}, HTTP/1.1, {@code Content-Type: text/xml}, fixed
 * {@code Content-Length}, any server certificate accepted (default mode, wpi-protocol §1.4).
 * <p>
 * Non-blocking and thread-safe; one instance (and one event loop group) serves any number of concurrent
 * phones. Use {@link #openSession()} for an interaction, {@link #post(byte[], String)} for a lone request,
 * {@link #openRaw(boolean)} / {@link #sendRaw(byte[], Duration)} for hostile tests.
 */
public final class WpiHttpsClient implements AutoCloseable {

    private final ClientConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final SslContext sslContext;
    private final AtomicLong connectionsOpened = new AtomicLong();

    /** A client with its own event loop group, shut down by {@link #close()}. */
    public WpiHttpsClient(ClientConfig config) {
        this(config, newEventLoopGroup(0), true);
    }

    /** A client on a shared event loop group, which the caller shuts down. */
    public WpiHttpsClient(ClientConfig config, EventLoopGroup group) {
        this(config, group, false);
    }

    private WpiHttpsClient(ClientConfig config, EventLoopGroup group, boolean ownsGroup) {
        this.config = config;
        this.group = group;
        this.ownsGroup = ownsGroup;
        try {
            // Old firmware's versions go through OldFirmwareTls; the JDK context is not used for them.
            List<String> jdkProtocols = OldFirmwareTls.isFor(config.tlsProtocols())
                    ? List.of("TLSv1.3", "TLSv1.2") : config.tlsProtocols();
            this.sslContext = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    // Phones in default mode accept any certificate, even a not-yet-valid self-signed one.
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null)
                    .protocols(jdkProtocols)
                    .build();
        } catch (SSLException e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
    }

    /** An event loop group with daemon threads (a forgotten close never keeps the JVM alive); 0 = Netty's default size. */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        return new NioEventLoopGroup(threads, new DefaultThreadFactory("wpi-phone", true));
    }

    public ClientConfig config() {
        return config;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** TCP connections opened by this client so far (HTTP and raw). */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Starts an interaction: cookie memory plus connection handling per {@link ClientConfig#mode()}. */
    public WpiSession openSession() {
        return new WpiSession(this);
    }

    /**
     * One request on a connection of its own, closed after the response.
     *
     * @param body           the request body, sent as is
     * @param cookieOrNull   the complete {@code Cookie} header value (e.g. {@code JSESSIONID=ABC}), or null for none
     */
    public CompletableFuture<WpiResponse> post(byte[] body, String cookieOrNull) {
        return connect().thenCompose(c -> c.exchange(request(body, cookieOrNull)).whenComplete((r, e) -> c.close()));
    }

    /** Opens a connection that carries arbitrary bytes, over TLS or plain TCP, without any HTTP handling. */
    public CompletableFuture<RawConnection> openRaw(boolean tls) {
        RawConnection raw = new RawConnection();
        CompletableFuture<RawConnection> result = new CompletableFuture<>();
        Bootstrap b = bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls) {
                    ch.pipeline().addLast("tls", sslHandler(ch));
                }
                ch.pipeline().addLast("raw", raw.handler());
            }
        });
        connect(b, tls, result, raw::bind, raw);
        return result;
    }

    /**
     * Sends bytes over a fresh TLS connection and returns everything received until the server closes the
     * connection or {@code wait} has passed (then the client closes it).
     */
    public CompletableFuture<byte[]> sendRaw(byte[] bytes, Duration wait) {
        return openRaw(true).thenCompose(raw -> {
            raw.write(bytes);
            return raw.closeFuture()
                    .completeOnTimeout(null, wait.toNanos(), TimeUnit.NANOSECONDS)
                    .thenApply(all -> {
                        raw.close();
                        return all == null ? raw.received() : all;
                    });
        });
    }

    /** Shuts the event loop group down if this client created it. */
    @Override
    public void close() {
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    // ------------------------------------------------------------------ package-private plumbing

    CompletableFuture<HttpConnection> connect() {
        HttpConnection connection = new HttpConnection(config.requestTimeout());
        CompletableFuture<HttpConnection> result = new CompletableFuture<>();
        Bootstrap b = bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast("tls", sslHandler(ch));
                p.addLast("http", new HttpClientCodec());
                p.addLast("aggregate", new HttpObjectAggregator(config.maxResponseBytes()));
                p.addLast("wpi", connection);
            }
        });
        connect(b, true, result, connection::bind, connection);
        return result;
    }

    FullHttpRequest request(byte[] body, String cookieOrNull) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, config.path(),
                Unpooled.wrappedBuffer(body));
        HttpHeaders h = req.headers();
        h.set(HttpHeaderNames.HOST, config.hostHeader());
        // Exactly what the captured phone sent: no charset parameter (wpi-protocol §1.3).
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/xml");
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (config.mode() == ConnectionMode.CLOSE) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (cookieOrNull != null) {
            h.set(HttpHeaderNames.COOKIE, cookieOrNull);
        }
        return req;
    }

    private Bootstrap bootstrap(ChannelInitializer<SocketChannel> initializer) {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer);
    }

    private io.netty.channel.ChannelHandler sslHandler(Channel ch) {
        if (OldFirmwareTls.isFor(config.tlsProtocols())) {
            return new OldFirmwareTls(config.tlsProtocols(), config.connectTimeout());
        }
        SslHandler ssl = sslContext.newHandler(ch.alloc(), config.host(), config.port());
        ssl.setHandshakeTimeoutMillis(config.connectTimeout().toMillis());
        return ssl;
    }

    /** Connects, waits for the TLS handshake if any, and classifies what went wrong. */
    private <T> void connect(Bootstrap b, boolean tls, CompletableFuture<T> result,
                             java.util.function.Consumer<Channel> bind, T value) {
        ChannelFuture cf = b.connect(config.host(), config.port());
        bind.accept(cf.channel());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new SimulatorException(ErrorKind.CONNECT,
                        "cannot connect to " + config.hostHeader() + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            connectionsOpened.incrementAndGet();
            if (!tls) {
                result.complete(value);
                return;
            }
            SslHandler jdk = cf.channel().pipeline().get(SslHandler.class);
            io.netty.util.concurrent.Future<?> handshake = jdk != null ? jdk.handshakeFuture()
                    : cf.channel().pipeline().get(OldFirmwareTls.class).handshakeFuture();
            handshake.addListener(h -> {
                if (h.isSuccess()) {
                    result.complete(value);
                } else {
                    cf.channel().close();
                    result.completeExceptionally(new SimulatorException(ErrorKind.TLS,
                            "TLS handshake with " + config.hostHeader() + " failed: " + h.cause().getMessage(), h.cause()));
                }
            });
        });
    }
}
