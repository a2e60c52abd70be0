package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How the embedded read store keeps documents, ids and index keys in its H2 maps: as BSON, compared by value.
 * <p>
 * Why not H2's default ({@code ObjectDataType}): it stores every document with Java serialization (class
 * descriptors and all, for every page written), and it compares keys it does not know, such as the unique
 * indexes' {@link KeyValue}, by Java-serializing <em>both</em> keys at every step of every B-tree search.
 * Profiled under a registration storm, those two were most of the embedded server's CPU, and the read side fell
 * further behind the more phones it held. BSON is what the wire carries anyway; the comparison works on the values.
 * <p>
 * The order only has to be a consistent total order (the map is a B-tree); queries sort by their own comparator.
 * A file written with the default types cannot be read with these: {@link EmbeddedStoreFormat} converts it once.
 */
final class EmbeddedStoreTypes {

    /** A document id or a position: one BSON value. */
    static final BasicDataType<Object> ID = new IdType();
    /** A unique index's key: several BSON values. */
    static final BasicDataType<Object> INDEX_KEY = new IndexKeyType();
    /** A whole document. */
    static final BasicDataType<Object> DOCUMENT = new DocumentType();

    private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();
    /** Stands for {@link Missing} in an index key, where BSON has nothing for it; no stored field may start with '$'. */
    private static final String MISSING = "$missing";

    private EmbeddedStoreTypes() {
    }

    /** Above every value: the end of a range in a lookup (never stored). {@link Missing} is below every value. */
    static final Object HIGHEST = new Object() {
        @Override
        public String toString() {
            return "HIGHEST";
        }
    };

    static int compareValues(Object a, Object b) {
        if (a instanceof String s && b instanceof String t) {
            return s.compareTo(t);
        }
        if (a == HIGHEST || b == HIGHEST) {
            return a == b ? 0 : a == HIGHEST ? 1 : -1;
        }
        boolean am = a instanceof Missing;
        boolean bm = b instanceof Missing;
        if (am || bm) {
            return am == bm ? 0 : am ? -1 : 1;
        }
        int c = VALUES.compare(a, b);
        if (c != 0 || java.util.Objects.equals(a, b)) {
            return c;
        }
        // equal to MongoDB (1 and 1L, say) but not the same value: still two keys, in a fixed order
        c = String.valueOf(a == null ? null : a.getClass().getName())
                .compareTo(String.valueOf(b == null ? null : b.getClass().getName()));
        return c != 0 ? c : Arrays.compare(bson(new Document("v", a)), bson(new Document("v", b)));
    }

    static byte[] bson(Map<String, ?> document) {
        ByteBuf buf = Unpooled.buffer(256);
        try {
            encode(document, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    static Document document(ByteBuffer in) {
        int length = DataUtils.readVarInt(in);
        ByteBuf buf = Unpooled.wrappedBuffer(in.slice(in.position(), length));
        in.position(in.position() + length);
        return lazily(buf);
    }

    /**
     * As {@link BsonDecoder#decodeBson}, with the document's large arrays, its own and those of the documents in it,
     * left as BSON until they are looked into ({@link LazyBsonArray}): what reads a client's identity does not decode
     * its 150 items, and a command that writes them ({@link LazyWireDecoder}) does not either.
     */
    static Document lazily(ByteBuf buf) {
        int end = buf.readerIndex() + buf.readIntLE();
        Document document = new Document();
        while (buf.readerIndex() < end - 1) {
            byte type = buf.readByte();
            String key = BsonDecoder.decodeCString(buf);
            if (type == ARRAY && buf.getIntLE(buf.readerIndex()) >= LazyBsonArray.LAZY_BYTES) {
                int length = buf.getIntLE(buf.readerIndex());
                if (length > end - buf.readerIndex()) {
                    throw new IllegalStateException("an array is longer than the document it is in");
                }
                byte[] array = new byte[length];
                buf.readBytes(array);
                document.put(key, new LazyBsonArray(array));
            } else if (type == DOCUMENT_TYPE) {
                document.put(key, lazily(buf));
            } else {
                document.put(key, BsonDecoder.decodeValue(type, buf));
            }
        }
        if (buf.readerIndex() != end - 1 || buf.readByte() != 0) {
            throw new IllegalStateException("a document does not end where its length says");
        }
        return document;
    }

    private static final byte ARRAY = 0x04;
    private static final byte DOCUMENT_TYPE = 0x03;

    /**
     * Written into the page through a buffer kept per thread: a save encodes every document written since the last
     * one, and a fresh buffer per document grew by doubling to the document's size and was copied out once more.
     */
    static void write(WriteBuffer out, Map<String, ?> document) {
        write(out, buf -> encode(document, buf));
    }

    private static void write(WriteBuffer out, java.util.function.Consumer<ByteBuf> encoder) {
        inThreadBuffer(encoder, buf -> out.putVarInt(buf.readableBytes()).put(buf.nioBuffer()));
    }

    /** The size of a document as BSON (an answer's batch is cut to fit a message). */
    static int encodedSize(Map<String, ?> document) {
        return inThreadBuffer(buf -> encode(document, buf), ByteBuf::readableBytes);
    }

    private static <T> T inThreadBuffer(java.util.function.Consumer<ByteBuf> encoder, java.util.function.Function<ByteBuf, T> use) {
        ByteBuf buf = ENCODING.get();
        buf.clear();
        try {
            encoder.accept(buf);
            return use.apply(buf);
        } finally {
            if (buf.capacity() > KEPT_BUFFER_BYTES) {
                ENCODING.remove(); // a rare large document: not kept for the thread's life
            }
        }
    }

    /** Arrays written as the bytes they were read as (tests: that a write of a phone's items re-encodes none). */
    static final java.util.concurrent.atomic.LongAdder ARRAYS_KEPT = new java.util.concurrent.atomic.LongAdder();

    /**
     * A document as BSON, as {@link BsonEncoder#encodeDocument} writes it, except that an array still as it was read
     * ({@link LazyBsonArray#unchanged}) is written as those bytes, not decoded to be encoded again.
     */
    static void encode(Map<String, ?> document, ByteBuf buf) {
        int start = buf.writerIndex();
        buf.writeIntLE(0);
        for (Map.Entry<String, ?> e : document.entrySet()) {
            element(e.getKey(), e.getValue(), buf);
        }
        buf.writeByte(0);
        buf.setIntLE(start, buf.writerIndex() - start);
    }

    /**
     * One element of a document or an array (named by its position): an unchanged array as its bytes, a document or
     * list walked here (its arrays may be unchanged too), anything else as the library writes it.
     */
    private static void element(String name, Object value, ByteBuf buf) {
        byte[] kept = value instanceof LazyBsonArray lazy ? lazy.unchanged() : null;
        byte type = kept != null ? ARRAY : BsonEncoder.determineType(value);
        buf.writeByte(type);
        buf.writeCharSequence(name, java.nio.charset.StandardCharsets.UTF_8);
        buf.writeByte(0);
        if (kept != null) {
            buf.writeBytes(kept);
            ARRAYS_KEPT.increment();
        } else if (value instanceof Map<?, ?> nested && type == DOCUMENT_TYPE) {
            @SuppressWarnings("unchecked")
            Map<String, ?> inner = (Map<String, ?>) nested;
            encode(inner, buf);
        } else if (value instanceof List<?> list && type == ARRAY) {
            int start = buf.writerIndex();
            buf.writeIntLE(0);
            for (int i = 0; i < list.size(); i++) {
                element(position(i), list.get(i), buf);
            }
            buf.writeByte(0);
            buf.setIntLE(start, buf.writerIndex() - start);
        } else {
            BsonEncoder.encodeValue(type, value, buf);
        }
    }

    /** An element's name in an array or an index key: its position, the first ones not made anew each time. */
    private static String position(int i) {
        return i < POSITIONS.length ? POSITIONS[i] : Integer.toString(i);
    }

    private static final String[] POSITIONS = java.util.stream.IntStream.range(0, 256).mapToObj(Integer::toString)
            .toArray(String[]::new);

    /**
     * A one-field document {@code {name: value}}, as {@link #encode} writes it, without building the document: ids
     * and index keys are written by the thousand at every save, the most of what a save encodes besides documents.
     */
    private static void single(String name, Object value, ByteBuf buf) {
        int start = buf.writerIndex();
        buf.writeIntLE(0);
        element(name, value, buf);
        buf.writeByte(0);
        buf.setIntLE(start, buf.writerIndex() - start);
    }

    private static final int KEPT_BUFFER_BYTES = 1 << 20;
    private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(64 * 1024));

    /** A rough size in memory, without encoding: H2 only uses it to decide when a page is full. */
    static int estimate(Object value) {
        if (value instanceof String s) {
            return 40 + 2 * s.length();
        }
        if (value instanceof Map<?, ?> m) {
            int size = 48;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                size += 32 + estimate(e.getKey()) + estimate(e.getValue());
            }
            return size;
        }
        if (value instanceof LazyBsonArray lazy && lazy.undecodedBytes() >= 0) {
            return 40 + lazy.undecodedBytes(); // not decoded only to be measured
        }
        if (value instanceof Collection<?> c) {
            int size = 40;
            for (Object o : c) {
                size += 8 + estimate(o);
            }
            return size;
        }
        if (value instanceof byte[] b) {
            return 16 + b.length;
        }
        return 24;
    }

    private abstract static class ObjectType extends BasicDataType<Object> {
        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }

        @Override
        public boolean equals(Object obj) {
            return obj != null && obj.getClass() == getClass();
        }

        @Override
        public int hashCode() {
            return getClass().hashCode();
        }
    }

    private static final class IdType extends ObjectType {
        @Override
        public int compare(Object a, Object b) {
            return compareValues(a, b);
        }

        @Override
        public int getMemory(Object obj) {
            return estimate(obj);
        }

        @Override
        public void write(WriteBuffer buff, Object obj) {
            // Missing (an id-less position) is the empty document
            if (obj instanceof Missing) {
                EmbeddedStoreTypes.write(buff, new Document());
            } else {
                EmbeddedStoreTypes.write(buff, buf -> single("v", obj, buf));
            }
        }

        @Override
        public Object read(ByteBuffer buff) {
            Document d = document(buff);
            return d.containsKey("v") ? d.get("v") : Missing.getInstance();
        }
    }

    private static final class IndexKeyType extends ObjectType {
        @Override
        public int compare(Object a, Object b) {
            KeyValue x = (KeyValue) a;
            KeyValue y = (KeyValue) b;
            int n = Math.min(x.size(), y.size());
            for (int i = 0; i < n; i++) {
                int c = compareValues(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }

        @Override
        public int getMemory(Object obj) {
            int size = 40;
            for (Object v : (KeyValue) obj) {
                size += 8 + estimate(v);
            }
            return size;
        }

        @Override
        public void write(WriteBuffer buff, Object obj) {
            // {"0": v0, "1": v1, ...}, a missing value as {"$missing": true}
            EmbeddedStoreTypes.write(buff, buf -> {
                int start = buf.writerIndex();
                buf.writeIntLE(0);
                int i = 0;
                for (Object v : (KeyValue) obj) {
                    if (v instanceof Missing) {
                        buf.writeByte(DOCUMENT_TYPE);
                        buf.writeCharSequence(position(i++), java.nio.charset.StandardCharsets.UTF_8);
                        buf.writeByte(0);
                        single(MISSING, Boolean.TRUE, buf);
                    } else {
                        element(position(i++), v, buf);
                    }
                }
                buf.writeByte(0);
                buf.setIntLE(start, buf.writerIndex() - start);
            });
        }

        @Override
        public Object read(ByteBuffer buff) {
            Document d = document(buff);
            List<Object> values = new ArrayList<>(d.size());
            for (Object v : d.values()) {
                values.add(v instanceof Document m && m.size() == 1 && Boolean.TRUE.equals(m.get(MISSING))
                        ? Missing.getInstance() : v);
            }
            return new KeyValue(values);
        }
    }

    private static final class DocumentType extends ObjectType {
        @Override
        public int getMemory(Object obj) {
            return estimate(obj);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(WriteBuffer buff, Object obj) {
            EmbeddedStoreTypes.write(buff, (Map<String, ?>) obj);
        }

        @Override
        public Object read(ByteBuffer buff) {
            return document(buff);
        }
    }
}
