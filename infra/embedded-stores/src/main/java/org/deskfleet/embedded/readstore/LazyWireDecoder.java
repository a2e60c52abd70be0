package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the commands the MongoDB driver sends (OP_MSG) with every large array of their documents left as the BSON it
 * came as ({@link EmbeddedStoreTypes#lazily}): a projection's write of a phone (150 items) or of an audit-trail event
 * (150 entries) reaches the store without its arrays decoded into thousands of small documents, and is saved with
 * the same bytes ({@link EmbeddedStoreTypes#write}) unless something changed them. Anything else (the handshake's
 * legacy OP_QUERY, flags other than a checksum) is read by mongo-java-server's own decoder.
 * <p>
 * OP_MSG: a 16-byte header (length, request id, response to, op code 2013), 32 flag bits, then sections: kind 0, the
 * command's body (one document); kind 1, a sequence (its size, a name, documents) that belongs in the body under
 * that name (the documents of an insert, the statements of an update); a checksum last if flag bit 0 says so.
 */
final class LazyWireDecoder extends MongoWireProtocolHandler {

    private static final int OP_MSG = 2013;
    private static final int HEADER_BYTES = 16;
    private static final int CHECKSUM_PRESENT = 1;

    @Override
    protected ClientRequest decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() < HEADER_BYTES + 4) {
            return null;
        }
        int start = in.readerIndex();
        int length = in.getIntLE(start);
        if (in.getIntLE(start + 12) != OP_MSG || length < HEADER_BYTES + 5 || length > MAX_MESSAGE_SIZE_BYTES
                || (in.getIntLE(start + HEADER_BYTES) & ~CHECKSUM_PRESENT) != 0) {
            return super.decode(ctx, in);
        }
        if (in.readableBytes() < length) {
            return null; // the rest of the message has not arrived yet
        }
        ByteBuf message = in.readSlice(length);
        MessageHeader header = new MessageHeader(length, message.getIntLE(4), message.getIntLE(8));
        int flags = message.getIntLE(HEADER_BYTES);
        int end = length - ((flags & CHECKSUM_PRESENT) != 0 ? 4 : 0);
        message.readerIndex(HEADER_BYTES + 4);
        Document body = null;
        Map<String, List<Document>> sequences = new LinkedHashMap<>();
        while (message.readerIndex() < end) {
            byte kind = message.readByte();
            if (kind == 0) {
                if (body != null) {
                    throw new CorruptedFrameException("OP_MSG with two bodies");
                }
                body = EmbeddedStoreTypes.lazily(message);
            } else if (kind == 1) {
                int sectionEnd = message.readerIndex() + message.readIntLE();
                String name = BsonDecoder.decodeCString(message);
                List<Document> documents = new ArrayList<>();
                while (message.readerIndex() < sectionEnd) {
                    documents.add(EmbeddedStoreTypes.lazily(message));
                }
                if (message.readerIndex() != sectionEnd || documents.isEmpty() || sequences.put(name, documents) != null) {
                    throw new CorruptedFrameException("OP_MSG document sequence '" + name + "' is malformed");
                }
            } else {
                throw new CorruptedFrameException("OP_MSG section of unknown kind " + kind);
            }
        }
        if (body == null || message.readerIndex() != end) {
            throw new CorruptedFrameException("OP_MSG without a body, or longer than its sections");
        }
        for (Map.Entry<String, List<Document>> sequence : sequences.entrySet()) {
            if (body.put(sequence.getKey(), sequence.getValue()) != null) {
                throw new CorruptedFrameException("OP_MSG names '" + sequence.getKey() + "' in its body and as a sequence");
            }
        }
        return new MongoMessage(ctx.channel(), header, body);
    }
}
