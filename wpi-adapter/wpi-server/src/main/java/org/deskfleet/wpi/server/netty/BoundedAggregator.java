package org.deskfleet.wpi.server.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Aggregates a request up to the WPI size limit; beyond it the phone gets 413 with a sentence saying why
 * (Netty's default answer has no body). The rest of the body is read and discarded, not buffered: closing
 * at once would break the pipe under a phone still sending, and it would never see the answer.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private static final Logger log = LoggerFactory.getLogger(BoundedAggregator.class);
    /** Anyone can send oversized bodies as fast as the network carries them: one line per interval. */
    private static final org.deskfleet.wpi.server.log.LogGuard WARNINGS = org.deskfleet.wpi.server.log.LogGuard.standard();

    private boolean closeAfterDiscard;

    BoundedAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        boolean last = msg instanceof LastHttpContent;
        super.channelRead(ctx, msg);
        if (last && closeAfterDiscard) {
            ctx.close();
        }
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        WARNINGS.warn(log, "too-large", "rejected WPI message from {}: larger than {} bytes", ctx.channel().remoteAddress(),
                maxContentLength());
        byte[] text = ("WPI message rejected (TOO_LARGE): larger than " + maxContentLength() + " bytes\n")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(text));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, text.length);
        if (HttpUtil.isKeepAlive(oversized)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res);
            // closed once the discarded body has been read (see channelRead below) or by the idle timeout
            closeAfterDiscard = true;
        }
    }
}
