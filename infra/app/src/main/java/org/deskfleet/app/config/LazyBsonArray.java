package org.deskfleet.app.config;

import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A large array of a stored document, kept as its BSON until something looks into it. A phone's document holds
 * about 150 items; a page of the fleet reads 50 documents from the store and shows their identity only, so decoding
 * their items (thousands of small documents) only to leave them out of the answer was the page's largest cost.
 * Once read, the array is decoded once and every operation, changes included, goes to the decoded list: to its
 * users this is an ordinary mutable list.
 */
final class LazyBsonArray extends AbstractList<Object> implements RandomAccess {

    /** Arrays smaller than this are decoded at once: keeping them aside would save nothing. */
    static final int LAZY_BYTES = 1024;

    private byte[] bson;
    private volatile List<Object> decoded;

    LazyBsonArray(byte[] bson) {
        this.bson = bson;
    }

    /** Bytes held while not yet decoded, -1 once decoded (the page cache's estimate of its size). */
    int undecodedBytes() {
        byte[] b = bson;
        return decoded == null && b != null ? b.length : -1;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list() {
        List<Object> l = decoded;
        if (l == null) {
            synchronized (this) {
                l = decoded;
                if (l == null) {
                    l = (List<Object>) BsonDecoder.decodeValue((byte) 0x04, Unpooled.wrappedBuffer(bson));
                    decoded = l;
                    bson = null;
                }
            }
        }
        return l;
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
        return list().set(index, element);
    }

    @Override
    public void add(int index, Object element) {
        list().add(index, element);
    }

    @Override
    public Object remove(int index) {
        return list().remove(index);
    }
}
