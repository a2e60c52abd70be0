package org.deskfleet.query;

import org.bson.BsonBinaryWriter;
import org.bson.BsonSerializationException;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8OutputBufferTest {

    /** Strings of one, two, three and four UTF-8 bytes a character, empty ones, long ones: the driver's bytes. */
    @Test
    void writesWhatTheDriversBufferWrites() {
        List<String> values = List.of("", "a", "OpenStage 60 T", "Grüße, Ärger", "電話機 設定", "emoji 😀 and 𝄞", "x".repeat(5_000),
                "tab\tnew line\n", "€ 100");
        Consumer<BsonBinaryWriter> document = w -> {
            w.writeStartDocument();
            w.writeStartArray("entries");
            for (String v : values) {
                w.writeStartDocument();
                w.writeString("value", v);
                w.writeString(v.isEmpty() || v.length() > 100 ? "name" : "field " + v.replace('.', '_'), v);
                w.writeEndDocument();
            }
            w.writeEndArray();
            w.writeEndDocument();
        };
        byte[] expected = bytes(new BasicOutputBuffer(16), document);
        assertThat(bytes(new Utf8OutputBuffer(16), document)).isEqualTo(expected);
        // the thread's buffer, twice: emptied for each document
        assertThat(bytes(Utf8OutputBuffer.forThread(), document)).isEqualTo(expected);
        assertThat(bytes(Utf8OutputBuffer.forThread(), document)).isEqualTo(expected);
    }

    @Test
    void aNameWithANullCharacterIsRefusedAsTheDriverRefusesIt() {
        assertThatThrownBy(() -> new Utf8OutputBuffer(16).writeCString("a\u0000b"))
                .isInstanceOf(BsonSerializationException.class).hasMessageContaining("null character");
    }

    private static byte[] bytes(org.bson.io.OutputBuffer buffer, Consumer<BsonBinaryWriter> document) {
        try (BsonBinaryWriter w = new BsonBinaryWriter(buffer)) {
            document.accept(w);
        }
        return buffer.toByteArray();
    }
}
