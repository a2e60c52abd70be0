package org.deskfleet.wpi.server.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import org.deskfleet.wpi.server.WpiServerSettings;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.tls.LegacyTls;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The HTTPS listener phones post to. Start and stop are explicit, so any container can own its lifecycle. */
public final class WpiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WpiServer.class);

    private final WpiServerSettings settings;
    private final InteractionEngine engine;
    private final SslContext ssl;
    private final LegacyTls legacy;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    private final boolean secure;
    private ConnectionLimiter connections = new ConnectionLimiter(10_000, 256);
    private java.time.Duration requestDeadline = java.time.Duration.ofSeconds(15);

    /** The default-mode listener: TLS without client authentication. */
    public WpiServer(WpiServerSettings settings, InteractionEngine engine, ServerCertificate certificate) {
        this(settings, engine, certificate, null);
    }

    /**
     * @param trustedClients when given, the Secure Mode listener: mutual TLS, only client certificates
     *                       issued by this authority are accepted, and their device id is checked
     */
    public WpiServer(WpiServerSettings settings, InteractionEngine engine, ServerCertificate certificate,
                     java.security.cert.X509Certificate trustedClients) {
        this.settings = settings;
        this.engine = engine;
        this.secure = trustedClients != null;
        var policy = settings.tls();
        if (secure && policy.needsLegacy()) {
            // Phones with client certificates have modern firmware; the mutual-TLS listener stays modern.
            throw new IllegalArgumentException("the secure-mode listener serves TLS 1.2 and newer only");
        }
        try {
            var modern = policy.needsLegacy() ? policy.jdkPart() : policy;
            SslContextBuilder builder = SslContextBuilder.forServer(certificate.key(), certificate.certificate())
                    .sslProvider(SslProvider.JDK)
                    .protocols(modern.protocols().toArray(String[]::new))
                    .clientAuth(secure ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (secure) {
                builder.trustManager(trustedClients);
            }
            if (!modern.cipherSuites().isEmpty()) {
                builder.ciphers(modern.cipherSuites());
            }
            this.ssl = builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for the WPI listener", e);
        }
        // Old firmware gets an engine of this listener's own; the JVM's TLS settings are never touched.
        this.legacy = policy.needsLegacy() ? new LegacyTls(policy, ssl, certificate) : null;
    }

    /**
     * Caps on connections (shared with other listeners if the same limiter is given) and the time a request
     * may take to arrive whole from its first byte.
     */
    public synchronized WpiServer limits(ConnectionLimiter connections, java.time.Duration requestDeadline) {
        this.connections = connections;
        this.requestDeadline = requestDeadline;
        return this;
    }

    public synchronized WpiServer start() {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup();
        int maxBody = settings.maxBodyBytes();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("connections", connections);
                        p.addLast("tls", legacy != null ? legacy.newHandler() : ssl.newHandler(ch.alloc()));
                        p.addLast("deadline", new RequestDeadline(requestDeadline));
                        p.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
                        // Oversized bodies are refused with 413 before they are buffered whole.
                        p.addLast("aggregate", new BoundedAggregator(maxBody));
                        p.addLast("wpi", new WpiHttpHandler(engine, settings.path(), secure));
                    }
                });
        channel = b.bind(new InetSocketAddress(settings.host(), settings.port())).syncUninterruptibly().channel();
        log.info("WPI {} listening on https://{}:{}{}{}", secure ? "secure mode (mutual TLS)" : "default mode",
                settings.host(), port(), settings.path(),
                legacy != null ? " (also old firmware: " + settings.tls().legacyProtocols() + ")" : "");
        return this;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            channel = null;
        }
    }
}
