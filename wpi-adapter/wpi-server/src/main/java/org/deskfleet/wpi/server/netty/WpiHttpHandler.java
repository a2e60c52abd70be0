package org.deskfleet.wpi.server.netty;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.interaction.WpiRequest;
import org.deskfleet.wpi.server.interaction.WpiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.deskfleet.wpi.server.tls.CertificateAuthority;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.net.SocketAddress;

/** HTTP to {@link InteractionEngine} and back: one aggregated POST in, one fixed-length response out. */
final class WpiHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String COOKIE = "JSESSIONID";
    private static final Logger log = LoggerFactory.getLogger(WpiHttpHandler.class);
    private static final AttributeKey<String> SESSION = AttributeKey.valueOf("wpi.session");

    private final InteractionEngine engine;
    private final String path;

    private final boolean secure;

    WpiHttpHandler(InteractionEngine engine, String path, boolean secure) {
        this.engine = engine;
        this.path = path;
        this.secure = secure;
    }

    /** The device id in the verified client certificate; "" when there is none to read. */
    private static String certifiedDevice(ChannelHandlerContext ctx) {
        try {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            var certs = ssl.engine().getSession().getPeerCertificates();
            if (certs.length > 0 && certs[0] instanceof X509Certificate x) {
                return CertificateAuthority.deviceOf(x).filter(DeviceId::isValid)
                        .map(id -> DeviceId.parse(id).value()).orElse("");
            }
        } catch (SSLPeerUnverifiedException e) {
            log.debug("no verified client certificate: {}", e.getMessage());
        }
        return "";
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.complete();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            write(ctx, WpiResponse.error(400, "malformed HTTP request"), false);
            return;
        }
        String requestPath = new QueryStringDecoder(req.uri()).path();
        if (!requestPath.equals(path) && !requestPath.equals(path + "/")) {
            write(ctx, WpiResponse.error(404, "no WPI service at " + requestPath + "; phones post to " + path), keepAlive);
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            write(ctx, WpiResponse.error(405, "the WPI takes POST only"), keepAlive);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        WpiRequest request = new WpiRequest(body, cookieSession(req), ctx.channel().attr(SESSION).get(), remote(ctx),
                secure ? certifiedDevice(ctx) : null);
        engine.handle(request).whenComplete((response, error) -> {
            if (error != null) {
                log.error("WPI request failed", error);
                write(ctx, WpiResponse.error(500, "internal error"), false);
                return;
            }
            ctx.channel().attr(SESSION).set(response.session());
            write(ctx, response, keepAlive);
        });
    }

    /** Lenient: a missing, stale or malformed cookie never fails a request (wpi-protocol §2.2). */
    private static String cookieSession(FullHttpRequest req) {
        String header = req.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        try {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (COOKIE.equalsIgnoreCase(c.name()) && !c.value().isBlank()) {
                    return c.value().strip();
                }
            }
        } catch (RuntimeException e) {
            log.debug("unparseable cookie header ignored: {}", header);
        }
        return null;
    }

    private void write(ChannelHandlerContext ctx, WpiResponse r, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        // Always a fixed length: firmware up to V2R2 cannot read chunked responses.
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        if (r.newSession()) {
            res.headers().add(HttpHeaderNames.SET_COOKIE, COOKIE + "=" + r.session() + "; Path=/DeploymentService; Secure; HttpOnly");
        }
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String remote(ChannelHandlerContext ctx) {
        SocketAddress a = ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
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
        log.debug("WPI connection from {} closed: {}", remote(ctx), cause.toString());
        ctx.close();
    }
}
