package org.deskfleet.query;

import org.bson.BsonSerializationException;
import org.bson.ByteBuf;
import org.bson.ByteBufNIO;
import org.bson.io.OutputBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An output buffer for the codecs that write read-model documents straight as BSON (through the driver's
 * {@code BsonBinaryWriter}), kept per thread and written without garbage:
 * <ul>
 *   <li>strings are encoded into the buffer itself, a character at a time while they are ASCII (names, types, most
 *   values), the rest of a string through one {@code getBytes}. The driver's buffer checks and writes each character
 *   through its own calls, which was most of the audit trail's rebuild CPU once its mapping was gone (docs/read-side.md,
 *   "Rebuilds: large arrays from the wire to the file as they came"); encoding each string to an array of its own
 *   first, as this buffer did next, made a third of a rebuild's garbage;</li>
 *   <li>one buffer per thread ({@link #forThread}), emptied for each document, instead of one grown by doubling per
 *   document ("Rebuilds: what a replay allocates").</li>
 * </ul>
 * Valid strings give the driver's bytes (UTF-8); a string with an unpaired surrogate, which is not valid UTF-16, is
 * written with Java's replacement instead of the driver's encoding of the lone surrogate.
 */
public final class Utf8OutputBuffer extends OutputBuffer {

    /** A buffer grown past this by a rare large document is not kept for the thread's life. */
    private static final int KEPT_BYTES = 1 << 20;
    private static final ThreadLocal<Utf8OutputBuffer> PER_THREAD = ThreadLocal.withInitial(() -> new Utf8OutputBuffer(64 * 1024));

    private byte[] bytes;
    private int position;

    public Utf8OutputBuffer(int initialSize) {
        bytes = new byte[Math.max(16, initialSize)];
    }

    /**
     * This thread's buffer, empty. What was written is copied out ({@link #toByteArray}) before the thread writes the
     * next document.
     */
    public static Utf8OutputBuffer forThread() {
        Utf8OutputBuffer buffer = PER_THREAD.get();
        if (buffer.bytes.length > KEPT_BYTES) {
            buffer = new Utf8OutputBuffer(64 * 1024);
            PER_THREAD.set(buffer);
        }
        buffer.position = 0;
        return buffer;
    }

    @Override
    public void writeString(String value) {
        int lengthAt = position;
        writeInt32(0);
        int start = position;
        encode(value);
        writeByte(0);
        int length = position - start;
        bytes[lengthAt] = (byte) length;
        bytes[lengthAt + 1] = (byte) (length >>> 8);
        bytes[lengthAt + 2] = (byte) (length >>> 16);
        bytes[lengthAt + 3] = (byte) (length >>> 24);
    }

    @Override
    public void writeCString(String value) {
        int start = position;
        encode(value);
        for (int i = start; i < position; i++) {
            if (bytes[i] == 0) {
                position = start;
                throw new BsonSerializationException("BSON cstring '" + value + "' is not valid because it contains a null character");
            }
        }
        writeByte(0);
    }

    /** The string as UTF-8 at the position: ASCII character by character, whatever follows in one {@code getBytes}. */
    private void encode(String value) {
        int n = value.length();
        ensure(n);
        byte[] b = bytes;
        int p = position;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                position = p;
                byte[] rest = value.substring(i).getBytes(StandardCharsets.UTF_8);
                writeBytes(rest, 0, rest.length);
                return;
            }
            b[p++] = (byte) c;
        }
        position = p;
    }

    private void ensure(int more) {
        if (position + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
        }
    }

    @Override
    public void writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, position, length);
        position += length;
    }

    @Override
    public void writeByte(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
    }

    @Override
    protected void write(int absolutePosition, int value) {
        if (absolutePosition < 0 || absolutePosition >= position) {
            throw new IllegalArgumentException("position " + absolutePosition + " is not within the " + position + " bytes written");
        }
        bytes[absolutePosition] = (byte) value;
    }

    @Override
    public int getPosition() {
        return position;
    }

    @Override
    public int getSize() {
        return position;
    }

    @Override
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, position);
    }

    @Override
    public int pipe(OutputStream out) throws IOException {
        out.write(bytes, 0, position);
        return position;
    }

    @Override
    public void truncateToPosition(int newPosition) {
        if (newPosition > position || newPosition < 0) {
            throw new IllegalArgumentException("position " + newPosition + " is not within the " + position + " bytes written");
        }
        position = newPosition;
    }

    @Override
    public List<ByteBuf> getByteBuffers() {
        return List.of(new ByteBufNIO(ByteBuffer.wrap(bytes, 0, position).slice()));
    }
}
