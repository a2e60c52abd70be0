package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A graphql-transport-ws server for tests, on Netty's WebSocket codec: it records what the client sends
 * and answers through a script ({@code (server, message) -> ...}) given per test.
 */
final class FakeGraphQlWsServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<String> actors = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final BiConsumer<Session, JsonNode> script;

    /** One client connection, as the script sees it. */
    static final class Session {
        private final ChannelHandlerContext ctx;

        Session(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        void send(String json) {
            ctx.writeAndFlush(new TextWebSocketFrame(json));
        }

        /** The same message in two frames, as servers may fragment. */
        void sendFragmented(String json) {
            int half = json.length() / 2;
            ctx.write(new TextWebSocketFrame(false, 0, json.substring(0, half)));
            ctx.writeAndFlush(new ContinuationWebSocketFrame(true, 0, json.substring(half)));
        }

        void close(int code, String reason) {
            ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> ctx.close());
        }

        void next(String id, String jobProgressJson) {
            send("{\"id\":\"" + id + "\",\"type\":\"next\",\"payload\":{\"data\":{\"jobProgress\":" + jobProgressJson + "}}}");
        }
    }

    FakeGraphQlWsServer(BiConsumer<Session, JsonNode> script) throws InterruptedException {
        this.script = script;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/graphql", GraphQlWsSubscription.SUBPROTOCOL),
                                new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/graphql");
    }

    List<String> receivedTypes() {
        return received.stream().map(m -> m.path("type").asText()).toList();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
                String actor = hc.requestHeaders().get("X-Deskfleet-Actor");
                actors.add(actor == null ? "" : actor);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            JsonNode message = JSON.readTree(frame.text());
            received.add(message);
            script.accept(new Session(ctx), message);
        }
    }
}
