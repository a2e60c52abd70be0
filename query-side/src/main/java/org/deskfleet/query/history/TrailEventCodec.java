package org.deskfleet.query.history;

import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.deskfleet.kernel.history.HistoryEntry;
import org.deskfleet.query.Utf8OutputBuffer;

import java.time.Instant;
import java.util.List;

import static org.deskfleet.query.BsonFields.string;
import static org.deskfleet.query.BsonFields.date;

/**
 * A {@link TrailEventDocument} written straight as BSON, for the audit trail's projection, without Spring Data's
 * mapping (its reflection and type lookups per entry were most of the trail's rebuild CPU for a fleet's registrations,
 * 150 entries an event). Read by {@link TrailEventReader}.
 * <p>
 * Spring Data's shape ({@code _id}, the fields in declaration order, instants as dates in milliseconds, enums by name,
 * a {@code null} field left out, {@code _class} last), with what the entries of one event share written once: the
 * document's {@code sequence} and {@code at} stand for every entry's, and {@code source}, {@code actor},
 * {@code reason} and {@code correlationId} on the document (the first entry's) for every entry that does not say
 * otherwise; an entry with none where the document has one says {@code null}; {@code shared: true} says so. A registration's entries all share
 * them: its trail document is about half as large, and so is what encoding, sending and saving it costs. Documents
 * written whole per entry (by earlier versions) read the same.
 */
final class TrailEventCodec {

    private static final String CLASS = TrailEventDocument.class.getName();
    /** Says that the entries leave out what they share with the document (a document without it has whole entries). */
    static final String SHARED = "shared";

    private TrailEventCodec() {
    }

    static RawBsonDocument raw(String subject, long sequence, Instant at, List<HistoryEntry> entries) {
        HistoryEntry shared = entries.isEmpty() ? null : entries.get(0);
        String source = shared == null || shared.source() == null ? null : shared.source().name();
        String actor = shared == null ? null : shared.actor();
        String reason = shared == null ? null : shared.reason();
        String correlationId = shared == null ? null : shared.correlationId();
        Utf8OutputBuffer buffer = Utf8OutputBuffer.forThread();
        try (BsonBinaryWriter w = new BsonBinaryWriter(buffer)) {
            w.writeStartDocument();
            w.writeString("_id", TrailEventDocument.id(subject, sequence));
            string(w, "subject", subject);
            w.writeInt64("sequence", sequence);
            date(w, "at", at);
            w.writeBoolean(SHARED, true);
            string(w, "source", source);
            string(w, "actor", actor);
            string(w, "reason", reason);
            string(w, "correlationId", correlationId);
            w.writeStartArray("entries");
            for (HistoryEntry e : entries) {
                w.writeStartDocument();
                if (e.sequence() != sequence) {
                    w.writeInt64("sequence", e.sequence());
                }
                if (!java.util.Objects.equals(e.at(), at)) {
                    nullable(w, "at", e.at() == null ? null : e.at().toEpochMilli(), w::writeDateTime);
                }
                string(w, "kind", e.kind() == null ? null : e.kind().name());
                string(w, "name", e.name());
                if (e.index() != null) {
                    w.writeInt32("index", e.index());
                }
                string(w, "oldValue", e.oldValue());
                string(w, "newValue", e.newValue());
                w.writeBoolean("secret", e.secret());
                unlessShared(w, "source", e.source() == null ? null : e.source().name(), source);
                unlessShared(w, "actor", e.actor(), actor);
                unlessShared(w, "reason", e.reason(), reason);
                unlessShared(w, "correlationId", e.correlationId(), correlationId);
                w.writeEndDocument();
            }
            w.writeEndArray();
            w.writeString("_class", CLASS);
            w.writeEndDocument();
        }
        return new RawBsonDocument(buffer.toByteArray());
    }

    /** Left out when it is the document's; {@code null} written when the document has one and the entry none. */
    private static void unlessShared(BsonBinaryWriter w, String name, String value, String shared) {
        if (!java.util.Objects.equals(value, shared)) {
            nullable(w, name, value, w::writeString);
        }
    }

    private static <T> void nullable(BsonBinaryWriter w, String name, T value, java.util.function.Consumer<T> write) {
        w.writeName(name);
        if (value == null) {
            w.writeNull();
        } else {
            write.accept(value);
        }
    }
}
