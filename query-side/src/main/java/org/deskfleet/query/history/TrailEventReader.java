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
 * Reads a {@link TrailEventDocument} straight from the BSON reader: as {@link TrailEventCodec} writes it (what an
 * event's entries share written once, on the document), and as Spring Data's mapping wrote it in earlier versions
 * (every entry whole). A page of a phone's history reads up to a few hundred of these documents; through the mapping
 * (reflection, a conversion lookup per property, an intermediate {@code Document}) that was the largest part of the
 * query's CPU. {@code TrailEventReaderTest} checks it against the mapping, field for field. Fields it does not know
 * (such as {@code _class}) are skipped, absent ones are left null (false, 0), as the mapping leaves them, but for what
 * an entry shares with its document ({@code shared: true}): those are the document's.
 */
public final class TrailEventReader implements org.bson.codecs.Decoder<TrailEventDocument> {

    public static final TrailEventReader INSTANCE = new TrailEventReader();

    private TrailEventReader() {
    }

    @Override
    public TrailEventDocument decode(BsonReader reader, DecoderContext context) {
        TrailEventDocument d = new TrailEventDocument();
        List<Entry> entries = null;
        Entry shared = new Entry();
        boolean shares = false;
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String field = reader.readName();
            switch (field) {
                case "_id" -> d.id = string(reader);
                case "subject" -> d.subject = string(reader);
                case "sequence" -> d.sequence = number(reader);
                case "at" -> d.at = instant(reader);
                case "entries" -> entries = entries(reader);
                case TrailEventCodec.SHARED -> {
                    if (reader.getCurrentBsonType() == BsonType.BOOLEAN) {
                        shares = reader.readBoolean();
                    } else {
                        reader.skipValue();
                    }
                }
                default -> {
                    if (!shared.read(field, reader)) {
                        reader.skipValue();
                    }
                }
            }
        }
        reader.readEndDocument();
        if (entries == null) {
            d.entries = null;
        } else {
            // what an entry leaves out is the document's (TrailEventCodec); earlier versions wrote every entry whole
            if (!shares) {
                shared = new Entry();
            }
            shared.sequence = shares ? d.sequence : 0;
            shared.at = shares ? d.at : null;
            List<HistoryEntry> out = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                out.add(e.entry(shared));
            }
            d.entries = out;
        }
        return d;
    }

    private static List<Entry> entries(BsonReader reader) {
        if (reader.getCurrentBsonType() == BsonType.NULL) {
            reader.readNull();
            return null;
        }
        List<Entry> out = new ArrayList<>();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            Entry e = new Entry();
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String field = reader.readName();
                if (!e.read(field, reader)) {
                    reader.skipValue();
                }
            }
            reader.readEndDocument();
            out.add(e);
        }
        reader.readEndArray();
        return out;
    }

    /** An entry's fields as read, and which of them were there (absent ones are the document's, if it has them). */
    private static final class Entry {
        static final int SEQUENCE = 1, AT = 2, SOURCE = 4, ACTOR = 8, REASON = 16, CORRELATION = 32;

        int has;
        long sequence;
        Instant at;
        HistoryEntry.Kind kind;
        String name;
        Integer index;
        String oldValue;
        String newValue;
        boolean secret;
        ChangeSource source;
        String actor;
        String reason;
        String correlationId;

        /** Reads the field if it is one of an entry's; false (nothing read) otherwise. */
        boolean read(String field, BsonReader reader) {
            switch (field) {
                case "sequence" -> {
                    sequence = number(reader);
                    has |= SEQUENCE;
                }
                case "at" -> {
                    at = instant(reader);
                    has |= AT;
                }
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
                    has |= SOURCE;
                }
                case "actor" -> {
                    actor = string(reader);
                    has |= ACTOR;
                }
                case "reason" -> {
                    reason = string(reader);
                    has |= REASON;
                }
                case "correlationId" -> {
                    correlationId = string(reader);
                    has |= CORRELATION;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        HistoryEntry entry(Entry shared) {
            return new HistoryEntry(
                    (has & SEQUENCE) != 0 ? sequence : shared.sequence,
                    (has & AT) != 0 ? at : shared.at,
                    kind, name, index, oldValue, newValue, secret,
                    (has & SOURCE) != 0 ? source : shared.source,
                    (has & ACTOR) != 0 ? actor : shared.actor,
                    (has & REASON) != 0 ? reason : shared.reason,
                    (has & CORRELATION) != 0 ? correlationId : shared.correlationId);
        }
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
