package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The wire server in front of the backend: mongo-java-server's handlers, in the order its own server puts them, with
 * three differences. Commands are read by {@link LazyWireDecoder} (a document's large arrays stay BSON, as they came,
 * until something looks into them); answers are written by {@link ReplyEncoder} (a stored array nothing looked into
 * goes out as it was stored); and TLS is whatever context the caller gives, client certificates required included
 * (the library's server takes only a context without client authentication).
 */
final class WireServer implements AutoCloseable {

    private final EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("readstore-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("readstore-wire", true));
    private final ChannelGroup clients = new DefaultChannelGroup("readstore-clients", workers.next());
    private final Channel listening;

    WireServer(MongoBackend backend, String host, int port, SslContext tls) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 100)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new MongoWireReplyEncoder(), new ReplyEncoder(),
                                new LazyWireDecoder(), new MongoDatabaseHandler(backend, clients), new MongoExceptionHandler());
                    }
                });
        try {
            listening = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listening.localAddress();
    }

    /** Stops listening, closes every client connection and the threads; the backend is closed by its owner. */
    @Override
    public void close() {
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
        clients.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        acceptor.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
