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
 * A {@link TrailEventDocument} written straight as BSON, for the audit trail's projection: the document Spring Data's
 * mapping writes (readers still read it through that mapping), without the mapping's reflection and type lookups per
 * entry, which were most of the trail's rebuild CPU for a fleet's registrations (150 entries an event).
 * <p>
 * The shape is Spring Data's: {@code _id}, the fields in declaration order, instants as dates (milliseconds), enums
 * by name, a {@code null} field left out, {@code _class} naming the type last; the entries carry no type of their own.
 */
final class TrailEventCodec {

    private static final String CLASS = TrailEventDocument.class.getName();

    private TrailEventCodec() {
    }

    static RawBsonDocument raw(String subject, long sequence, Instant at, List<HistoryEntry> entries) {
        Utf8OutputBuffer buffer = Utf8OutputBuffer.forThread();
        try (BsonBinaryWriter w = new BsonBinaryWriter(buffer)) {
            w.writeStartDocument();
            w.writeString("_id", TrailEventDocument.id(subject, sequence));
            string(w, "subject", subject);
            w.writeInt64("sequence", sequence);
            date(w, "at", at);
            w.writeStartArray("entries");
            for (HistoryEntry e : entries) {
                w.writeStartDocument();
                w.writeInt64("sequence", e.sequence());
                date(w, "at", e.at());
                string(w, "kind", e.kind() == null ? null : e.kind().name());
                string(w, "name", e.name());
                if (e.index() != null) {
                    w.writeInt32("index", e.index());
                }
                string(w, "oldValue", e.oldValue());
                string(w, "newValue", e.newValue());
                w.writeBoolean("secret", e.secret());
                string(w, "source", e.source() == null ? null : e.source().name());
                string(w, "actor", e.actor());
                string(w, "reason", e.reason());
                string(w, "correlationId", e.correlationId());
                w.writeEndDocument();
            }
            w.writeEndArray();
            w.writeString("_class", CLASS);
            w.writeEndDocument();
        }
        return new RawBsonDocument(buffer.toByteArray());
    }

}
