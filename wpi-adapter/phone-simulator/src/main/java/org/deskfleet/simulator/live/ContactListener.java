package org.deskfleet.simulator.live;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A phone's contact-me port (wpi-protocol §8.1-8.2): {@code POST} (form) or {@code GET} (query) to
 * {@code /contact_dls.html/ContactDLS}, answered like a phone with {@code Server: DlsClient} and no body.
 */
final class ContactListener {

    static final String PATH = "/contact_dls.html/ContactDLS";

    /** The phone's decision: the HTTP status to answer (204 = acknowledged) and whether it will call back. */
    record Answer(int status, boolean callBack) {
    }

    /** The phone behind the port. */
    interface Phone {
        /** A contact-me request arrived ({@code contactMe}: the form said {@code ContactMe=true}). */
        Answer contacted(boolean contactMe);

        /** The answer is on the wire; a phone calls back only now. */
        void answered(Answer answer);
    }

    private ContactListener() {
    }

    /** Binds {@code host:port} (0 = ephemeral) on the shared group; blocks until bound. */
    static Channel bind(EventLoopGroup group, String host, int port, Phone phone) {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8 * 1024), new Handler(phone));
                    }
                })
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    static int port(Channel ch) {
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Phone phone;

        Handler(Phone phone) {
            this.phone = phone;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            QueryStringDecoder uri = new QueryStringDecoder(req.uri());
            if (req.decoderResult().isFailure() || !uri.path().equals(PATH)) {
                answer(ctx, HttpResponseStatus.NOT_FOUND);
                return;
            }
            // The service's form, or the GET variant's query string; a Host that names someone else is ignored.
            String form = req.content().toString(StandardCharsets.UTF_8);
            List<String> flag = new QueryStringDecoder(form, false).parameters().get("ContactMe");
            if (flag == null) {
                flag = uri.parameters().get("ContactMe");
            }
            boolean contactMe = flag != null && flag.stream().anyMatch(v -> v.strip().equalsIgnoreCase("true"));
            Answer decision = phone.contacted(contactMe);
            answer(ctx, HttpResponseStatus.valueOf(decision.status())).addListener(f -> phone.answered(decision));
        }

        private static io.netty.channel.ChannelFuture answer(ChannelHandlerContext ctx, HttpResponseStatus status) {
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
            res.headers().set(HttpHeaderNames.SERVER, "DlsClient");
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
