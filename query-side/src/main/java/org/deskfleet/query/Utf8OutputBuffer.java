package org.deskfleet.query;

import org.bson.BsonSerializationException;
import org.bson.io.BasicOutputBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The driver's output buffer, for the codecs that write read-model documents straight as BSON, with strings written
 * as one encoded array instead of character by character: the driver's {@code writeCharacters} checks and writes each
 * character on its own, which was most of the audit trail's rebuild CPU after its mapping was gone (150 entries of ten
 * strings each for a registration; docs/read-side.md, "Rebuilds: large arrays from the wire to the file as they came").
 * Valid strings give the same bytes (UTF-8); a string with an unpaired surrogate, which is not valid UTF-16, is
 * written with Java's replacement instead of the driver's encoding of the lone surrogate.
 */
public final class Utf8OutputBuffer extends BasicOutputBuffer {

    public Utf8OutputBuffer(int initialSize) {
        super(initialSize);
    }

    @Override
    public void writeString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt32(bytes.length + 1);
        writeBytes(bytes, 0, bytes.length);
        writeByte(0);
    }

    @Override
    public void writeCString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == 0) {
                throw new BsonSerializationException("BSON cstring '" + value + "' is not valid because it contains a null character");
            }
        }
        writeBytes(bytes, 0, bytes.length);
        writeByte(0);
    }
}
