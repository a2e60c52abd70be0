package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;

import java.lang.ref.SoftReference;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A large array of a stored document, or of a document a command brought ({@link LazyWireDecoder}), kept as its BSON
 * until something looks into it. A phone's document holds about 150 items; a page of the fleet reads 50 documents
 * from the store and shows their identity only, so decoding their items (thousands of small documents) only to leave
 * them out of the answer was the page's largest cost; and a projection writing a phone's items sends them to be
 * stored, not looked into: while unchanged, they are saved as the same bytes ({@link #unchanged}).
 * <p>
 * Read, the array is decoded and the decoded list kept softly: H2's page cache counts a stored document by its
 * bytes, and a cache full of documents whose arrays had all been decoded (a rebuild reads every phone) would hold
 * several times the memory it was given. Changed, the array becomes an ordinary list for good. To its users this is
 * an ordinary mutable list.
 */
final class LazyBsonArray extends AbstractList<Object> implements RandomAccess {

    /** Arrays smaller than this are decoded at once: keeping them aside would save nothing. */
    static final int LAZY_BYTES = 1024;

    private volatile byte[] bson;
    private volatile SoftReference<List<Object>> read;
    private volatile List<Object> owned;

    LazyBsonArray(byte[] bson) {
        this.bson = bson;
    }

    /** Bytes this array stands for while it is unchanged, -1 once changed (H2's cache estimate of its size). */
    int undecodedBytes() {
        byte[] b = bson;
        return owned == null && b != null ? b.length : -1;
    }

    /** The BSON this array was read as, while it is unchanged (what a save writes as it is); null once changed. */
    byte[] unchanged() {
        return owned == null ? bson : null;
    }

    private List<Object> list() {
        List<Object> o = owned;
        if (o != null) {
            return o;
        }
        SoftReference<List<Object>> r = read;
        List<Object> l = r == null ? null : r.get();
        if (l == null) {
            byte[] b = bson;
            if (b == null) {
                return owned; // changed meanwhile
            }
            l = decode(b);
            read = new SoftReference<>(l);
        }
        return l;
    }

    private synchronized List<Object> changing() {
        if (owned == null) {
            List<Object> l = list();
            owned = l;
            bson = null;
            read = null;
        }
        return owned;
    }

    /** Arrays decoded (tests: that a write passes through the store without decoding what it writes). */
    static final java.util.concurrent.atomic.LongAdder DECODED = new java.util.concurrent.atomic.LongAdder();

    @SuppressWarnings("unchecked")
    private static List<Object> decode(byte[] bson) {
        DECODED.increment();
        return (List<Object>) BsonDecoder.decodeValue((byte) 0x04, Unpooled.wrappedBuffer(bson));
    }

    @Override
    public Object get(int index) {
        return list().get(index);
    }

    @Override
    public int size() {
        return list().size();
    }

    @Override
    public Object set(int index, Object element) {
        return changing().set(index, element);
    }

    @Override
    public void add(int index, Object element) {
        changing().add(index, element);
    }

    @Override
    public Object remove(int index) {
        return changing().remove(index);
    }
}
