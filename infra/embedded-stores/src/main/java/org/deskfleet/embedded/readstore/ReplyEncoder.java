package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the answers to OP_MSG commands (the driver's every command) as mongo-java-server's encoder does, except
 * that a stored array not looked into is written as the bytes it was stored as ({@link EmbeddedStoreTypes#encode}):
 * a page of an audit trail (events of 150 entries) or of the fleet with its items went from the file to the wire
 * decoded into thousands of small documents only to be encoded again.
 * <p>
 * OP_MSG: a 16-byte header (length, request id, the request it answers, op code 2013), 32 flag bits, one section of
 * kind 0 holding the answer.
 */
final class ReplyEncoder extends MessageToByteEncoder<MongoMessage> {

    private static final Logger log = LoggerFactory.getLogger(ReplyEncoder.class);
    private static final int OP_MSG = 2013;

    @Override
    protected void encode(ChannelHandlerContext ctx, MongoMessage message, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        out.writeIntLE(message.getHeader().getRequestID());
        out.writeIntLE(message.getHeader().getResponseTo());
        out.writeIntLE(OP_MSG);
        out.writeIntLE(message.getFlags());
        out.writeByte(0);
        try {
            EmbeddedStoreTypes.encode(message.getDocument(), out);
        } catch (RuntimeException e) {
            log.error("embedded read store: an answer could not be encoded; closing the connection", e);
            out.writerIndex(start);
            ctx.channel().close();
            return;
        }
        out.setIntLE(start, out.writerIndex() - start);
    }
}
