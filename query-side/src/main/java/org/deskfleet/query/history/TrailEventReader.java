package org.deskfleet.query.history;

import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.codecs.DecoderContext;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.history.HistoryEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link TrailEventDocument} as Spring Data's mapping writes it, straight from the BSON reader. A page of a
 * phone's history reads up to a few hundred of these documents; through the mapping (reflection, a conversion lookup
 * per property, an intermediate {@code Document}) that was the largest part of the query's CPU. Writers still
 * write through the mapping; {@code TrailEventReaderTest} checks that this reads back what it writes, field for field.
 * Fields it does not know (such as {@code _class}) are skipped, absent ones are left null (false, 0), as the mapping
 * leaves them.
 */
final class TrailEventReader implements org.bson.codecs.Decoder<TrailEventDocument> {

    static final TrailEventReader INSTANCE = new TrailEventReader();

    private TrailEventReader() {
    }

    @Override
    public TrailEventDocument decode(BsonReader reader, DecoderContext context) {
        TrailEventDocument d = new TrailEventDocument();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String field = reader.readName();
            switch (field) {
                case "_id" -> d.id = string(reader);
                case "subject" -> d.subject = string(reader);
                case "sequence" -> d.sequence = number(reader);
                case "at" -> d.at = instant(reader);
                case "entries" -> d.entries = entries(reader);
                default -> reader.skipValue();
            }
        }
        reader.readEndDocument();
        return d;
    }

    private static List<HistoryEntry> entries(BsonReader reader) {
        if (reader.getCurrentBsonType() == BsonType.NULL) {
            reader.readNull();
            return null;
        }
        List<HistoryEntry> out = new ArrayList<>();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            out.add(entry(reader));
        }
        reader.readEndArray();
        return out;
    }

    private static HistoryEntry entry(BsonReader reader) {
        long sequence = 0;
        Instant at = null;
        HistoryEntry.Kind kind = null;
        String name = null;
        Integer index = null;
        String oldValue = null;
        String newValue = null;
        boolean secret = false;
        ChangeSource source = null;
        String actor = null;
        String reason = null;
        String correlationId = null;
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String field = reader.readName();
            switch (field) {
                case "sequence" -> sequence = number(reader);
                case "at" -> at = instant(reader);
                case "kind" -> {
                    String k = string(reader);
                    kind = k == null ? null : HistoryEntry.Kind.valueOf(k);
                }
                case "name" -> name = string(reader);
                case "index" -> {
                    if (reader.getCurrentBsonType() == BsonType.NULL) {
                        reader.readNull();
                    } else {
                        index = (int) number(reader);
                    }
                }
                case "oldValue" -> oldValue = string(reader);
                case "newValue" -> newValue = string(reader);
                case "secret" -> {
                    if (reader.getCurrentBsonType() == BsonType.NULL) {
                        reader.readNull();
                    } else {
                        secret = reader.readBoolean();
                    }
                }
                case "source" -> {
                    String s = string(reader);
                    source = s == null ? null : ChangeSource.valueOf(s);
                }
                case "actor" -> actor = string(reader);
                case "reason" -> reason = string(reader);
                case "correlationId" -> correlationId = string(reader);
                default -> reader.skipValue();
            }
        }
        reader.readEndDocument();
        return new HistoryEntry(sequence, at, kind, name, index, oldValue, newValue, secret, source, actor, reason,
                correlationId);
    }

    private static String string(BsonReader reader) {
        if (reader.getCurrentBsonType() == BsonType.NULL) {
            reader.readNull();
            return null;
        }
        return reader.readString();
    }

    private static long number(BsonReader reader) {
        return switch (reader.getCurrentBsonType()) {
            case INT32 -> reader.readInt32();
            case INT64 -> reader.readInt64();
            case DOUBLE -> (long) reader.readDouble();
            case NULL -> {
                reader.readNull();
                yield 0;
            }
            default -> throw new IllegalStateException("a trail event's number is stored as "
                    + reader.getCurrentBsonType() + ", not as a number");
        };
    }

    private static Instant instant(BsonReader reader) {
        if (reader.getCurrentBsonType() == BsonType.NULL) {
            reader.readNull();
            return null;
        }
        return Instant.ofEpochMilli(reader.readDateTime());
    }
}
